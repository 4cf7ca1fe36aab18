"""Print the Markdown table of registered checks, or rewrite it in README.md.

Usage: python scripts/gen_check_table.py [--write README.md]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from seawall.checks.runner import load_checks
from seawall.cli.check_table import markdown_check_table, replace_table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--write",
        type=Path,
        metavar="FILE",
        help="replace the table between the check-table markers in FILE",
    )
    args = parser.parse_args()
    table = markdown_check_table(load_checks().values())
    if args.write is None:
        sys.stdout.write(table)
        return 0
    try:
        document = args.write.read_text(encoding="utf-8")
        args.write.write_text(replace_table(document, table), encoding="utf-8")
    except (OSError, ValueError) as error:
        print(f"error: could not update {args.write}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
