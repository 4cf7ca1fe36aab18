"""Snapshot builders for the CloudTrail and CloudWatch alarm check tests."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from seawall.aws.outcome import CallStatus
from seawall.checks.registry import REGISTRY
from seawall.checks.runner import run_check
from seawall.inventory.snapshot import GLOBAL, CallRecord, Snapshot, record_key

ACCOUNT = "111122223333"
HOME = "us-east-1"
OTHER = "eu-west-1"
COLLECTED_AT = "2026-12-04T20:00:00+00:00"
ALL_MANAGEMENT = {"EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": True}]}
LOG_GROUP = "CloudTrail/account"
TOPIC = f"arn:aws:sns:{HOME}:{ACCOUNT}:security-alarms"


def trail_arn(name: str, region: str = HOME) -> str:
    return f"arn:aws:cloudtrail:{region}:{ACCOUNT}:trail/{name}"


def log_group_arn(name: str = LOG_GROUP, region: str = HOME, account: str = ACCOUNT) -> str:
    return f"arn:aws:logs:{region}:{account}:log-group:{name}:*"


@dataclass
class AccountBuilder:
    """An account with no trails, buckets, filters or alarms until added."""

    regions: tuple[str, ...] = (HOME, OTHER)
    collected_at: str = COLLECTED_AT
    trails: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    buckets: list[str] = field(default_factory=list)
    filters: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    alarms: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    subscriptions: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    records: list[CallRecord] = field(default_factory=list)
    overrides: list[CallRecord] = field(default_factory=list)
    dropped: set[str] = field(default_factory=set)

    def trail(
        self,
        name: str,
        region: str = HOME,
        *,
        multi_region: bool = True,
        logging: bool = True,
        selectors: dict[str, Any] | None = None,
        status: dict[str, Any] | None = None,
        **fields: Any,
    ) -> str:
        arn = trail_arn(name, region)
        data = {
            "Name": name,
            "TrailARN": arn,
            "HomeRegion": region,
            "IsMultiRegionTrail": multi_region,
            "S3BucketName": "trail-logs",
            "IncludeGlobalServiceEvents": True,
            "LogFileValidationEnabled": True,
        }
        data.update(fields)
        self.trails.setdefault(region, []).append(data)
        self._ok(
            "cloudtrail", "GetTrailStatus", {"IsLogging": logging, **(status or {})}, region, arn
        )
        selected = ALL_MANAGEMENT if selectors is None else selectors
        self._ok("cloudtrail", "GetEventSelectors", {"TrailARN": arn, **selected}, region, arn)
        return arn

    def bucket(
        self,
        name: str,
        *,
        policy: dict[str, Any] | None = None,
        grants: tuple[tuple[str, str], ...] = (),
        block: dict[str, bool] | None = None,
        logging_target: str | None = None,
    ) -> None:
        """Add a bucket; ``grants`` are (group URI, permission) pairs."""
        self.buckets.append(name)
        if policy is None:
            self._fail("s3", "GetBucketPolicy", GLOBAL, name, CallStatus.NOT_FOUND)
        else:
            self._ok("s3", "GetBucketPolicy", {"Policy": json.dumps(policy)}, GLOBAL, name)
        acl = [{"Grantee": {"Type": "CanonicalUser", "ID": "owner"}, "Permission": "FULL_CONTROL"}]
        acl += [{"Grantee": {"Type": "Group", "URI": uri}, "Permission": p} for uri, p in grants]
        self._ok("s3", "GetBucketAcl", {"Owner": {"ID": "owner"}, "Grants": acl}, GLOBAL, name)
        if block is None:
            self._fail("s3", "GetPublicAccessBlock", GLOBAL, name, CallStatus.NOT_FOUND)
        else:
            config = {"PublicAccessBlockConfiguration": block}
            self._ok("s3", "GetPublicAccessBlock", config, GLOBAL, name)
        logging = {"LoggingEnabled": {"TargetBucket": logging_target, "TargetPrefix": f"{name}/"}}
        self._ok("s3", "GetBucketLogging", logging if logging_target else {}, GLOBAL, name)

    def account_block(self, block: dict[str, bool]) -> None:
        config = {"PublicAccessBlockConfiguration": block}
        self.overrides.append(_record("s3control", "GetPublicAccessBlock", GLOBAL, "", config))

    def metric_filter(
        self,
        name: str,
        pattern: str,
        *,
        metric: str | None = None,
        log_group: str = LOG_GROUP,
        region: str = HOME,
    ) -> None:
        transformation = {
            "metricName": metric or f"{name}-metric",
            "metricNamespace": "CISBenchmark",
            "metricValue": "1",
        }
        self.filters.setdefault(region, []).append(
            {
                "filterName": name,
                "filterPattern": pattern,
                "metricTransformations": [transformation],
                "logGroupName": log_group,
            }
        )

    def alarm(
        self,
        name: str,
        metric: str,
        *,
        actions: tuple[str, ...] = (TOPIC,),
        region: str = HOME,
        **fields: Any,
    ) -> None:
        alarm = {
            "AlarmName": name,
            "MetricName": metric,
            "Namespace": "CISBenchmark",
            "ActionsEnabled": True,
            "AlarmActions": list(actions),
        }
        alarm.update(fields)
        self.alarms.setdefault(region, []).append(alarm)

    def subscription(self, topic: str = TOPIC, *, confirmed: bool = True) -> None:
        region = topic.split(":")[3]
        arn = (
            f"{topic}:0b6941c8-0000-4000-8000-000000000001" if confirmed else "PendingConfirmation"
        )
        self.subscriptions.setdefault(region, []).append(
            {"SubscriptionArn": arn, "TopicArn": topic, "Protocol": "email", "Endpoint": "x"}
        )

    def fail(
        self,
        service: str,
        operation: str,
        region: str = GLOBAL,
        resource: str = "",
        status: CallStatus = CallStatus.ACCESS_DENIED,
    ) -> None:
        """Record a call as failed, replacing any response added before or after."""
        code = "AccessDenied" if status is CallStatus.ACCESS_DENIED else None
        self.overrides.append(_record(service, operation, region, resource, None, status, code))

    def drop(self, service: str, operation: str, region: str = GLOBAL, resource: str = "") -> None:
        """Leave a call out of the snapshot, as if it was never collected."""
        self.dropped.add(record_key(service, region, operation, resource))

    def build(self) -> Snapshot:
        snapshot = Snapshot(
            account_id=ACCOUNT,
            regions=list(self.regions),
            collected_at=self.collected_at,
        )
        buckets = {"Buckets": [{"Name": name} for name in self.buckets]}
        base = [
            _record("s3", "ListBuckets", GLOBAL, "", buckets),
            _record("s3control", "GetPublicAccessBlock", GLOBAL, "", None, CallStatus.NOT_FOUND),
        ]
        for region in self.regions:
            trails = {"trailList": self.trails.get(region, [])}
            base += [
                _record("cloudtrail", "DescribeTrails", region, "", trails),
                _record(
                    "logs",
                    "DescribeMetricFilters",
                    region,
                    "",
                    {"metricFilters": self.filters.get(region, [])},
                ),
                _record(
                    "cloudwatch",
                    "DescribeAlarms",
                    region,
                    "",
                    {"MetricAlarms": self.alarms.get(region, []), "CompositeAlarms": []},
                ),
                _record(
                    "sns",
                    "ListSubscriptions",
                    region,
                    "",
                    {"Subscriptions": self.subscriptions.get(region, [])},
                ),
            ]
        for record in [*base, *self.records, *self.overrides]:
            if record.key not in self.dropped:
                snapshot.add(record)
        return snapshot

    def _ok(self, service: str, operation: str, data: Any, region: str, resource: str) -> None:
        self.records.append(_record(service, operation, region, resource, data))

    def _fail(
        self, service: str, operation: str, region: str, resource: str, status: CallStatus
    ) -> None:
        self.records.append(_record(service, operation, region, resource, None, status))


def _record(
    service: str,
    operation: str,
    region: str,
    resource: str,
    data: Any,
    status: CallStatus = CallStatus.OK,
    error_code: str | None = None,
) -> CallRecord:
    return CallRecord(
        service=service,
        operation=operation,
        region=region,
        resource=resource,
        status=status,
        data=data,
        error_code=error_code,
    )


def run(check_id: str, snapshot: Snapshot) -> list[tuple[str, str, str]]:
    """Run one check and return (status, resource, reason) for each finding."""
    return [(f.status.value, f.resource, f.reason) for f in run_check(snapshot, REGISTRY[check_id])]
