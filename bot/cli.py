"""The `consult` command: serve, migrate, classify, train."""

import argparse
import asyncio
import json
import sys
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import tzinfo

    from bot.domain.periods import Period
    from bot.domain.ports import UnitOfWorkFactory


def _serve(args: argparse.Namespace) -> int:
    from app import serve  # app.py owns running the server; it never imports this module

    return serve()


def _migrate(args: argparse.Namespace) -> int:
    from bot.settings import Settings
    from storage.db import make_engine
    from storage.migrate import downgrade, upgrade

    async def run() -> None:
        engine = make_engine(Settings().database_url, null_pool=True)
        try:
            await (downgrade(engine, args.downgrade) if args.downgrade else upgrade(engine, args.revision))
        finally:
            await engine.dispose()

    asyncio.run(run())
    print(f"database migrated to {args.downgrade or args.revision}")
    return 0


def _classify(args: argparse.Namespace) -> int:
    from bot.cli_classifier import classify_command

    text = args.text if args.text != "-" else sys.stdin.read()
    model = Path(args.model) if args.model else None
    return classify_command(text, model=model, threshold=args.threshold, explain=args.explain)


def _train(args: argparse.Namespace) -> int:
    from bot.cli_classifier import train_command

    return train_command(
        data=Path(args.data) if args.data else None,
        extra=Path(args.extra) if args.extra else None,
        no_extra=args.no_extra,
        corrections=Path(args.corrections) if args.corrections else None,
        output=Path(args.output) if args.output else None,
        force=args.force,
        scope=Path(args.scope) if args.scope else None,
        no_scope=args.no_scope,
    )


def _eval(args: argparse.Namespace) -> int:
    from bot.cli_classifier import eval_command

    return eval_command(
        Path(args.file),
        model=Path(args.model) if args.model else None,
        threshold=args.threshold,
        group_by=args.group_by or None,
        as_json=args.format == "json",
    )


def _similar(args: argparse.Namespace) -> int:
    from bot.cli_similar import similar_command
    from bot.settings import Settings

    if args.limit < 1:
        print("error: --limit must be 1 or more", file=sys.stderr)
        return 2
    text = args.text if args.text != "-" else sys.stdin.read()
    database_url = Settings().database_url
    return similar_command(text, database_url=database_url, limit=min(args.limit, 100), as_json=args.format == "json")


def _similar_eval(args: argparse.Namespace) -> int:
    from bot.cli_similar import similar_eval_command

    pairs = Path(args.pairs) if args.pairs else None
    background = Path(args.background) if args.background else None
    return similar_eval_command(pairs=pairs, background=background, as_json=args.format == "json")


def _manifest(args: argparse.Namespace) -> int:
    from urllib.parse import urlsplit

    from pydantic import ValidationError

    import bot
    from bot.manifest import build_manifest, localizations, write_package
    from bot.manifest_checks import ManifestError, schema_version
    from bot.settings import Settings

    app_id, channel_messages, domain = args.app_id, args.channel_messages, args.domain
    if not app_id or channel_messages is None or not domain:
        try:
            settings = Settings()
        except ValidationError as e:
            bad = "; ".join(f"{'.'.join(map(str, x['loc']))}: {x['msg']} (got {x['input']!r})" for x in e.errors())
            print(f"error: invalid setting in the environment or .env: {bad}", file=sys.stderr)
            return 2
        app_id = app_id or settings.microsoft_app_id
        channel_messages = settings.channel_messages_without_mention if channel_messages is None else channel_messages
        domain = domain or (urlsplit(settings.public_base_url).hostname or "")
    if not domain:
        print("error: give --domain, or set PUBLIC_BASE_URL (ドメインを指定してください)", file=sys.stderr)
        return 2
    try:
        manifest = build_manifest(app_id, domain, bot.__version__, channel_messages=channel_messages)
        out = write_package(manifest, Path(args.output))
    except ManifestError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    files = ", ".join(["manifest.json", *localizations(manifest)])
    rsc = "requested (ChannelMessage.Read.Group)" if channel_messages else "not requested (@mention only)"
    print(f"wrote {out}: app {manifest['id']} version {manifest['version']} for {manifest['validDomains'][0]}")
    print(f"channel messages without @mention: {rsc}")
    print(f"validated {files} against Teams schema v{schema_version(manifest)} (offline, @microsoft/app-manifest)")
    return 0


@asynccontextmanager
async def _units_of_work(database_url: str) -> AsyncIterator["UnitOfWorkFactory"]:
    """Units of work on a NullPool engine for one command; the engine is disposed afterwards."""
    from storage.db import make_engine, make_sessionmaker
    from storage.uow import SqlUnitOfWorkFactory

    engine = make_engine(database_url, null_pool=True)
    try:
        yield SqlUnitOfWorkFactory(make_sessionmaker(engine))
    finally:
        await engine.dispose()


def _report(args: argparse.Namespace) -> int:
    from zoneinfo import ZoneInfo

    from bot.domain.periods import date_range, fiscal_year_of, parse_period
    from bot.domain.stats import Summary, summary_to_dict
    from bot.holidays_jp import ageing_rules
    from bot.services.reports import build_summary, export_csv
    from bot.settings import Settings
    from bot.views.summary import report_text

    settings = Settings()
    tz = ZoneInfo(settings.timezone)
    now = args.as_of.astimezone(tz) if args.as_of else datetime.now(tz)
    if args.period and (args.start or args.end):
        print("error: give either --period or --from/--to", file=sys.stderr)
        return 2
    if args.period:
        period = parse_period(args.period, now.date())
    elif args.start and args.end:
        period = date_range(args.start, args.end) if args.start <= args.end else None
    elif args.start or args.end:
        print("error: --from and --to go together", file=sys.stderr)
        return 2
    else:
        period = fiscal_year_of(now.date())
    if period is None:
        print("error: the period could not be read (e.g. 今年度, R6年度, 2024-04-01..2025-06-30)", file=sys.stderr)
        return 2

    async def summary() -> "Summary":
        async with _units_of_work(settings.database_url) as uow:  # with business-day ageing, as the dashboard
            return await build_summary(uow, period, now=now, tz=tz, ageing=ageing_rules(settings))

    async def export() -> bytes:
        async with _units_of_work(settings.database_url) as uow:
            return await export_csv(uow, period, tz=tz, labels=args.labels)

    if args.output and args.format != "xlsx":
        print("error: --output is for --format xlsx (text, json and csv go to standard output)", file=sys.stderr)
        return 2
    if args.format == "xlsx":
        return _write_workbook(args.output, period, now=now, tz=tz, database_url=settings.database_url)
    if args.format == "csv":
        data = asyncio.run(export())
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    result = asyncio.run(summary())
    if args.format == "json":
        print(json.dumps(summary_to_dict(result), ensure_ascii=False, indent=2))
    else:
        print(report_text(result), end="")
    return 0


def _write_workbook(output: str, period: "Period", *, now: datetime, tz: "tzinfo", database_url: str) -> int:
    """`consult report --format xlsx --output FILE`: the PDCA workbook of the period, as of `now`."""
    from bot.services.workbook import build_review
    from bot.views.workbook import workbook_bytes

    if not output:
        print("error: --format xlsx writes a file: give --output FILE (e.g. --output 令和7年度.xlsx)", file=sys.stderr)
        return 2

    async def run() -> bytes:
        async with _units_of_work(database_url) as uow:
            return workbook_bytes(await build_review(uow, period, now=now, tz=tz), tz=tz)

    data = asyncio.run(run())
    try:
        Path(output).write_bytes(data)
    except OSError as e:
        print(f"error: cannot write {output}: {e.strerror}", file=sys.stderr)
        return 2
    print(f"wrote {output}: {period.label()} ({period.start} .. {period.end}), {len(data):,} bytes")
    return 0


def _import(args: argparse.Namespace) -> int:
    from zoneinfo import ZoneInfo

    from bot.services.csv_import import ImportResult, import_csv
    from bot.settings import Settings

    try:
        data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    except OSError as e:
        print(f"error: cannot read {args.file}: {e.strerror}", file=sys.stderr)
        return 2
    settings = Settings()

    async def run() -> "ImportResult":
        async with _units_of_work(settings.database_url) as uow:
            return await import_csv(uow, data, tz=ZoneInfo(settings.timezone))

    result = asyncio.run(run())
    for error in result.errors:
        print(f"行 {error.line}: {error.message}" if error.line else error.message, file=sys.stderr)
    if result.errors:
        print(f"{len(result.errors)}件の誤りがあるため、何も取り込みませんでした。", file=sys.stderr)
        return 1
    print(f"取り込み {result.imported}件、登録済みのためスキップ {result.skipped}件")
    return 0


def _corrections(args: argparse.Namespace) -> int:
    """Export manual reclassifications as JSON Lines for `consult train --corrections`."""
    from bot.services.corrections import examples
    from bot.settings import Settings
    from storage.db import make_engine, make_sessionmaker
    from storage.uow import SqlUnitOfWorkFactory

    async def run() -> list[tuple[str, str]]:
        engine = make_engine(Settings().database_url, null_pool=True)
        try:
            return list(await examples(SqlUnitOfWorkFactory(make_sessionmaker(engine))))
        finally:
            await engine.dispose()

    lines = [json.dumps({"text": text, "label": label}, ensure_ascii=False) for text, label in asyncio.run(run())]
    out = "\n".join(lines) + ("\n" if lines else "")
    if args.output:
        Path(args.output).write_text(out, encoding="utf-8")
        print(f"wrote {len(lines)} corrections to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(out)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="consult", description="Consult Bot (相談ボット)")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("serve", help="start the bot (HOST, PORT, DATABASE_URL, MicrosoftApp* from the environment)")
    m = sub.add_parser("migrate", help="apply database migrations")
    m.add_argument("--revision", default="head")
    m.add_argument("--downgrade", metavar="REVISION", default="")
    c = sub.add_parser(
        "classify", help='classify a text: prints {"label": "bpr"|"app"|"out_of_scope", "confidence": 0..1}'
    )
    c.add_argument("text", help="the text, or - to read standard input")
    c.add_argument("--model", default="")
    c.add_argument("--threshold", type=float, default=0.65, help="confidence below which it needs triage")
    c.add_argument("--explain", action="store_true", help="also print needs_triage, reasons, tags, model version")
    t = sub.add_parser(
        "train",
        help="rebuild the classifier model (seed + extra examples + corrections); refuses a model that scores "
        "worse than the current one on the seed data's cross-validation (exit 1) unless --force",
    )
    t.add_argument("--data", default="", help="JSON Lines with text and label (default: the shipped seed data)")
    t.add_argument("--extra", default="", help="extra examples, rows with split=holdout skipped (default: shipped)")
    t.add_argument("--no-extra", action="store_true", help="train without extra examples")
    t.add_argument("--scope", default="", help="対象外 examples for the scope gate (default: the shipped ones)")
    t.add_argument(
        "--no-scope",
        action="store_true",
        help="train without the scope gate (never out_of_scope; also so with --no-extra and no --scope)",
    )
    t.add_argument("--corrections", default="", help="JSON Lines of manual reclassifications (text, label)")
    t.add_argument("--output", default="", help="where to write the model (default: the shipped model file)")
    t.add_argument("--force", action="store_true", help="write the model even if it scores worse")
    e = sub.add_parser("eval", help="accuracy, macro-F1, precision/recall, abstention, confusion of a labelled file")
    e.add_argument("file", help="JSON Lines with text and label (kind, difficulty, split: figures per group)")
    e.add_argument("--format", choices=("text", "json"), default="text")
    e.add_argument("--model", default="")
    e.add_argument("--threshold", type=float, default=0.65, help="confidence below which it needs triage")
    e.add_argument("--group-by", action="append", metavar="FIELD", help="group by FIELD (repeatable)")
    mf = sub.add_parser("manifest", help="build the Teams app package (appPackage.zip) for sideloading")
    mf.add_argument(
        "--domain",
        default="",
        help="host name of the bot endpoint, e.g. consult.example.lg.jp (default: PUBLIC_BASE_URL's host); links to it "
        "unfold in Teams",
    )
    mf.add_argument("--app-id", default="", help="the bot's Entra app id (default: MicrosoftAppId)")
    mf.add_argument("--output", default="appPackage.zip")
    mf.add_argument(
        "--channel-messages",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="request the RSC permission to receive channel posts without an @mention "
        "(default: CHANNEL_MESSAGES_WITHOUT_MENTION, true/false)",
    )
    r = sub.add_parser("report", help="consultation figures for a period (DATABASE_URL): text, JSON or CSV export")
    r.add_argument("--from", dest="start", type=date.fromisoformat, metavar="YYYY-MM-DD")
    r.add_argument("--to", dest="end", type=date.fromisoformat, metavar="YYYY-MM-DD")
    r.add_argument("--period", default="", help="instead of --from/--to: 今年度, 昨年度, R6年度, 2025-04, 今月 ...")
    r.add_argument(
        "--format",
        choices=("text", "json", "csv", "xlsx"),
        default="text",
        help="xlsx: the PDCA workbook (概要, 月別推移, 部署別, 削減時間, 事例), written to --output",
    )
    r.add_argument("--output", default="", metavar="FILE", help="xlsx: the file to write")
    r.add_argument(
        "--labels",
        choices=("ja", "codes"),
        default="ja",
        help="csv: Japanese headers and values for Excel (番号, 業務改善（BPR）, 対応中; the default, as in the "
        "dashboard's download) or the codes (number, bpr, in_progress); consult import reads both",
    )
    r.add_argument(
        "--as-of",
        dest="as_of",
        type=_instant,
        metavar="YYYY-MM-DDTHH:MM[+09:00]",
        help="the figures as they stood at that moment (default: now), e.g. a year-end report re-run later",
    )
    im = sub.add_parser("import", help="import past consultations from a CSV file (all rows or none)")
    im.add_argument(
        "file",
        help="CSV as `consult report --format csv` writes it: 番号,件名,内容,区分,状況,所属,受付日,完了日 or "
        "number,title,body,category,status,department,created,closed, values in Japanese or as codes (- = stdin)",
    )
    si = sub.add_parser("similar", help="past consultations most like a text (DATABASE_URL), completed ones first")
    si.add_argument("text", help="the request's text (- = stdin)")
    si.add_argument("--limit", type=int, default=10)
    si.add_argument("--format", choices=("text", "json"), default="text")
    se = sub.add_parser("similar-eval", help="top-3 rate of similar consultations on the labelled pairs")
    se.add_argument("--pairs", default="", help="JSON Lines of pairs (default: bot/data/similar_pairs.jsonl)")
    se.add_argument("--background", default="", help="JSON Lines of other requests (default: the seed's 240)")
    se.add_argument("--format", choices=("text", "json"), default="text")
    cr = sub.add_parser("corrections", help="export manual reclassifications as JSON Lines (for train --corrections)")
    cr.add_argument("--output", default="")
    return p


def _instant(text: str) -> datetime:
    """An ISO date or date-time; without a zone it is read in TIMEZONE (the desk's local time)."""
    from zoneinfo import ZoneInfo

    from bot.settings import Settings

    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=ZoneInfo(Settings().timezone))


COMMANDS = {"serve": _serve, "migrate": _migrate, "classify": _classify, "train": _train, "manifest": _manifest}
COMMANDS |= {"report": _report, "import": _import, "eval": _eval, "corrections": _corrections}
COMMANDS |= {"similar": _similar, "similar-eval": _similar_eval}


def main(argv: Sequence[str] | None = None) -> None:
    args = parser().parse_args(argv)
    sys.exit(COMMANDS[args.command](args))


if __name__ == "__main__":
    main()
