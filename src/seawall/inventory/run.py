"""A whole collection: identity, regions, then every collector in a bounded pool.

Global collectors run once and regional ones once per region, as
(collector, region) tasks in one pool of ``max_workers`` threads.
``CollectContext.map`` uses a second pool of the same size for per-item
calls, so a task waiting on its items never holds the thread they need.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import pkgutil
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed

import boto3

import seawall
from seawall.aws.errors import AwsSetupError
from seawall.aws.regions import enabled_regions, known_regions, select_regions
from seawall.aws.session import ClientFactory, SessionOptions, create_session, home_region
from seawall.inventory import collectors as collectors_package
from seawall.inventory.collect import COLLECTORS, CollectContext, CollectorSpec
from seawall.inventory.collectors.sts import collect_caller_identity
from seawall.inventory.snapshot import GLOBAL, Snapshot

log = logging.getLogger(__name__)

ProgressFunc = Callable[[str], None]


def run_collection(
    options: SessionOptions,
    *,
    session: boto3.Session | None = None,
    progress: ProgressFunc | None = None,
    collectors: Sequence[CollectorSpec] | None = None,
) -> Snapshot:
    """Collect one account into a new Snapshot.

    ``session`` replaces the session built from ``options`` (the demo and
    tests pass a moto one). ``progress`` receives ``"<service> <region>"``
    after each (collector, region) task. ``collectors`` defaults to every
    registered collector. Raises AwsSetupError when credentials or regions
    are unusable.
    """
    if session is None:
        session = create_session(options)
    clients = ClientFactory(session, options)
    snapshot = Snapshot(account_id="", home_region=home_region(session, options))
    workers = max(1, options.max_workers)
    with ThreadPoolExecutor(workers, thread_name_prefix="seawall-item") as item_pool:
        ctx = CollectContext(snapshot, clients, item_pool)
        collect_caller_identity(ctx, options)
        snapshot.regions = resolve_regions(ctx, session, options)
        log.info("collecting account %s in %d regions", snapshot.account_id, len(snapshot.regions))
        specs = list(collectors) if collectors is not None else load_collectors()
        _run_tasks(ctx, specs, workers, progress)
    snapshot.collected_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    snapshot.seawall_version = seawall.__version__
    return snapshot


def load_collectors() -> list[CollectorSpec]:
    """Import every module of ``seawall.inventory.collectors`` and return the registered ones."""
    prefix = f"{collectors_package.__name__}."
    for module in pkgutil.iter_modules(collectors_package.__path__, prefix):
        importlib.import_module(module.name)
    return list(COLLECTORS)


def resolve_regions(
    ctx: CollectContext, session: boto3.Session, options: SessionOptions
) -> list[str]:
    """Record DescribeRegions and return the regions to scan.

    When DescribeRegions fails, regions given with ``--region`` are checked
    against botocore's list of the partition's regions instead.
    """
    record = ctx.call("ec2", "DescribeRegions", params={"AllRegions": True})
    if record.ok:
        enabled = enabled_regions(record.data, ctx.partition)
        return select_regions(options.regions, enabled, known_regions(record.data, ctx.partition))
    if not options.regions:
        raise AwsSetupError(
            f"could not list the account's regions ({record.describe_failure()}); "
            "allow ec2:DescribeRegions or name the regions with --region"
        )
    known = session.get_available_regions("ec2", partition_name=ctx.partition)
    return select_regions(options.regions, [], known)


def _run_tasks(
    ctx: CollectContext,
    specs: Sequence[CollectorSpec],
    workers: int,
    progress: ProgressFunc | None,
) -> None:
    tasks = [
        (spec, region)
        for spec in specs
        for region in ([GLOBAL] if spec.scope == "global" else ctx.snapshot.regions)
    ]
    with ThreadPoolExecutor(workers, thread_name_prefix="seawall-task") as task_pool:
        futures: dict[Future[None], tuple[CollectorSpec, str]] = {
            task_pool.submit(_run_one, ctx, spec, region): (spec, region) for spec, region in tasks
        }
        for future in as_completed(futures):
            spec, region = futures[future]
            future.result()
            if progress is not None:
                progress(f"{spec.service} {region}")


def _run_one(ctx: CollectContext, spec: CollectorSpec, region: str) -> None:
    try:
        spec.func(ctx, region)
    except Exception as error:
        # A collector bug must not end the scan: its missing records become
        # "not collected" errors in the checks that need them.
        name = f"{spec.func.__module__}.{spec.func.__name__}"
        log.error("collector %s failed in %s: %s: %s", name, region, type(error).__name__, error)
        log.debug("collector %s failed in %s", name, region, exc_info=True)
