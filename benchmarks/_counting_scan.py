"""Run the seawall CLI while recording every AWS API call it makes.

Used by bench_scan.py: ``python -m benchmarks._counting_scan CALLS_FILE -- seawall args``.
The recorded calls (service, region, operation, parameters) are written
to CALLS_FILE as JSON so the floor can replay exactly the same calls.
"""

from __future__ import annotations

import json
import sys
import threading
from typing import Any

from botocore.client import BaseClient

_calls: list[dict[str, Any]] = []
_lock = threading.Lock()
_original = BaseClient._make_api_call


def _recording_call(self: BaseClient, operation_name: str, api_params: dict[str, Any]) -> Any:
    with _lock:
        _calls.append(
            {
                "service": self.meta.service_model.service_name,
                "region": self.meta.region_name,
                "operation": operation_name,
                "params": api_params,
            }
        )
    return _original(self, operation_name, api_params)


def main() -> int:
    calls_file = sys.argv[1]
    args = sys.argv[sys.argv.index("--") + 1 :]
    BaseClient._make_api_call = _recording_call  # type: ignore[method-assign]
    from seawall.cli.main import main as seawall_main

    sys.argv = ["seawall", *args]
    code = 0
    try:
        seawall_main()
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    with open(calls_file, "w", encoding="utf-8") as handle:
        json.dump(_calls, handle, default=str)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
