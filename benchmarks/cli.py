"""`python -m benchmarks [--quick] [--only KEY,...] [--no-torch]`"""
import argparse
import sys

from . import suite, torch_paths


def parse(argv):
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.strip("`"))
    p.add_argument("--quick", action="store_true", help="run everything tiny (seconds): checks the suite works")
    p.add_argument("--only", metavar="KEYS", help=f"comma-separated subset of {', '.join(suite.all_keys())}")
    p.add_argument("--no-torch", action="store_true", help="leave PyTorch out even if it is installed")
    p.add_argument("--seconds", type=float, help="time per candidate per round (default 0.5)")
    p.add_argument("--rounds", type=int, help="interleaved rounds, best kept (default 3)")
    return p.parse_args(argv)


def settings_from(args):
    settings = suite.quick_settings() if args.quick else suite.Settings()
    if args.only:
        only = frozenset(k.strip() for k in args.only.split(",") if k.strip())
        unknown = only - set(suite.all_keys())
        if unknown:
            raise SystemExit(f"unknown benchmark(s): {', '.join(sorted(unknown))}; "
                             f"choose from {', '.join(suite.all_keys())}")
        settings.only = only
    if args.seconds is not None:
        settings.seconds = args.seconds
    if args.rounds is not None:
        settings.rounds = max(1, args.rounds)
    settings.torch = None if args.no_torch else torch_paths.load()
    return settings


def main(argv=None, out=sys.stdout):
    report = suite.run(settings_from(parse(argv)))
    print(report.text(), file=out)
    return 0
