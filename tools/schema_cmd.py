"""`vantage schema [KIND]`: the JSON Schema of story files, for editors (yaml-language-server) and CI."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.content.schema import SCHEMAS, schema_json
from game.files import file_in_the_way, write_atomic


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("kind", nargs="?", default="narrative", help=f"one of: {', '.join(SCHEMAS)} (default narrative)")
    p.add_argument("--write", metavar="DIR", help="write every schema as DIR/KIND.schema.json instead of printing")


def run(args: argparse.Namespace) -> int:
    if args.write:
        out = Path(args.write)
        try:
            out.mkdir(parents=True, exist_ok=True)
            for kind in SCHEMAS:
                write_atomic(out / f"{kind}.schema.json", schema_json(kind))  # never half a schema for an editor
                print(out / f"{kind}.schema.json")
        except OSError as exc:
            blocking = file_in_the_way(out)
            why = f"{blocking} is a file, not a folder" if blocking else (exc.strerror or exc)
            print(f"vantage schema: cannot write into {out}: {why}", file=sys.stderr)
            return 1
        return 0
    if args.kind not in SCHEMAS:
        print(f"vantage schema: unknown kind `{args.kind}`; one of: {', '.join(SCHEMAS)}", file=sys.stderr)
        return 2
    sys.stdout.write(schema_json(args.kind))
    return 0
