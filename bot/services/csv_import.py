"""Importing past consultations from a CSV file (UTF-8 or Excel's Shift_JIS): check every row, then all or nothing.

Headers and values may be the codes (number, bpr, in_progress) or words: the Japanese and English names
the export and the cards use (番号, 業務改善（BPR）, 対応中, Category, In progress), and common spellings
(相談番号, 取下げ)."""

import csv
import io
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo

from bot.domain.category import Category
from bot.domain.consultation import Status
from bot.domain.fiscal_year import consultation_number, fiscal_year, parse_consultation_number
from bot.domain.ports import UnitOfWorkFactory
from bot.domain.register_rows import REGISTER_COLUMNS, Importer, ImportRow, import_source_id
from bot.texts import LOCALES, t

MAX_TITLE, MAX_DEPARTMENT = 200, 100  # the column sizes in storage.orm.ConsultationRow
DAY_STARTS_AT = time(9)  # a date without a time means 09:00 local on that day
NEUTRALISED = ("=", "+", "-", "@", "\t", "\r")  # what export_csv prefixes with ' so Excel shows it as text
COLUMNS = REGISTER_COLUMNS
MAX_RESOLUTION, MAX_ARTEFACT = 2000, 200  # as the 完了 form takes them
REQUIRED = ("number", "title", "category", "status", "created")


def _key(text: str) -> str:
    """How headers and values are compared: NFKC (full-width -> half-width), case folded, without whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


HEADER_ALIASES: Mapping[str, str] = {
    **{c: c for c in COLUMNS},
    **{_key(t(f"csv.column.{c}", locale)): c for c in COLUMNS for locale in LOCALES},  # what export_csv writes
    **dict.fromkeys(("番号", "相談番号", "no", "no."), "number"),
    **dict.fromkeys(("件名", "タイトル", "表題"), "title"),
    **dict.fromkeys(("内容", "本文", "相談内容"), "body"),
    **dict.fromkeys(("区分", "分類", "種別"), "category"),
    **dict.fromkeys(("状況", "状態", "ステータス"), "status"),
    **dict.fromkeys(("所属", "部署", "課"), "department"),
    **dict.fromkeys(("受付日", "受付日時", "作成日"), "created"),
    **dict.fromkeys(("完了日", "完了日時", "終了日"), "closed"),
    **dict.fromkeys(("削減時間", "削減時間(月)", "月間削減時間"), "hours_saved_per_month"),
    **dict.fromkeys(("解決内容", "対応内容", "解決策", "対応結果"), "resolution"),
    **dict.fromkeys(("成果物", "成果物名", "アプリ名", "フロー名", "artefact", "artifact"), "artefact_name"),
}
CATEGORIES: Mapping[str, Category] = {
    **{c.value: c for c in Category},
    **{
        _key(t(f"{key}.{c.value}", locale)): c  # 業務改善（BPR）, BPR, Process improvement (BPR), App / automation
        for c in Category
        for key in ("category", "category.short")
        for locale in LOCALES
    },
    **dict.fromkeys(("業務改善", "業務改善(bpr)", "bpr(業務改善)"), Category.BPR),
    **dict.fromkeys(("アプリ", "アプリ・自動化", "アプリ/自動化", "自動化"), Category.APP),
}
STATUS_NAMES: Mapping[Status, str] = {
    Status.RECEIVED: "受付",
    Status.ASSIGNED: "担当決定",
    Status.IN_PROGRESS: "対応中",
    Status.ON_HOLD: "保留",
    Status.DONE: "完了",
    Status.WITHDRAWN: "取り下げ",
}
STATUSES: Mapping[str, Status] = {
    **{s.value: s for s in Status},
    **{_key(t(f"status.{s.value}", locale)): s for s in Status for locale in LOCALES},
    **{name: s for s, name in STATUS_NAMES.items()},
    **dict.fromkeys(("取下げ", "取下", "取りさげ"), Status.WITHDRAWN),
}
_DAY = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_TIME = re.compile(r"[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?")


@dataclass(frozen=True)
class ImportLineError:
    """What is wrong with one physical line of the file (the header is line 1; 0 means the whole file)."""

    line: int
    message: str


@dataclass(frozen=True)
class ImportResult:
    imported: int
    skipped: int
    errors: list[ImportLineError] = field(default_factory=list)


class _Invalid(ValueError):
    pass


async def import_csv(uow: UnitOfWorkFactory, data: bytes, *, tz: tzinfo) -> ImportResult:
    """Import every row or none. Numbers already imported are skipped (re-importing a file is harmless); a number the
    bot has given to another consultation rejects the file."""
    rows, errors = parse_csv(data, tz=tz)
    if errors:
        return ImportResult(0, 0, errors)
    async with uow() as u:
        importer: Importer = u.importer
        existing = await importer.existing_sources([r.number for r in rows.values()])
        taken = [
            ImportLineError(line, f"番号 {r.number} は、ボットで受け付けた別の相談に使われています")
            for line, r in rows.items()
            if r.number in existing and existing[r.number] != import_source_id(r.number)
        ]
        if taken:
            return ImportResult(0, 0, taken)
        imported = await importer.insert([r for r in rows.values() if r.number not in existing])
    return ImportResult(imported, len(rows) - imported, [])


def parse_csv(data: bytes, *, tz: tzinfo) -> tuple[dict[int, ImportRow], list[ImportLineError]]:
    """Rows keyed by the physical line they start on, and every error found (all rows are checked)."""
    try:
        text = decode(data)
    except _Invalid as e:
        return {}, [ImportLineError(0, str(e))]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, [])
        columns = _columns(header)
    except (_Invalid, csv.Error) as e:
        return {}, [ImportLineError(1, str(e))]
    rows: dict[int, ImportRow] = {}
    errors: list[ImportLineError] = []
    first_line_of: dict[str, int] = {}
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            errors.append(ImportLineError(line, f"CSVとして読み取れません（{e}）"))
            break
        if any(c.strip() for c in cells):
            try:
                row = _row({name: cells[i] if i < len(cells) else "" for name, i in columns.items()}, tz)
                if row.number in first_line_of:
                    raise _Invalid(f"番号 {row.number} が {first_line_of[row.number]} 行目と重複しています")
                first_line_of[row.number] = line
                rows[line] = row
            except _Invalid as e:
                errors.append(ImportLineError(line, str(e)))
        line = reader.line_num + 1
    if not rows and not errors:
        errors.append(ImportLineError(2, "データ行がありません"))
    return rows, errors


def decode(data: bytes) -> str:
    """UTF-8 with or without a BOM, else CP932 (Shift_JIS as Excel writes it)."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8")
        except UnicodeDecodeError as e:
            raise _Invalid("UTF-8 として読めない文字があります。CSV（UTF-8）で保存し直してください") from e
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        raise _Invalid("UTF-16 のファイル（Unicode テキスト）は読めません。CSV（UTF-8）で保存し直してください")
    for encoding in ("utf-8", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _Invalid("文字コードを判別できません。UTF-8 または Shift_JIS（CP932）で保存してください")


def _columns(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for i, name in enumerate(header):
        column = HEADER_ALIASES.get(_key(name.lstrip("\ufeff")))
        if column is None:
            continue  # extra columns (memo fields and the like) are ignored
        if column in columns:
            raise _Invalid(f"列「{column}」が2回あります（{header[columns[column]]}、{name}）")
        columns[column] = i
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        names = "、".join(f"{t(f'csv.column.{c}', 'ja')}（{c}）" for c in missing)
        japanese = ",".join(t(f"csv.column.{c}", "ja") for c in COLUMNS[:8])
        raise _Invalid(f"必須の列がありません：{names}（見出し行：{japanese} または {','.join(COLUMNS[:8])}）")
    return columns


def _row(cells: Mapping[str, str], tz: tzinfo) -> ImportRow:
    values = {k: _unneutralise(v).strip() for k, v in cells.items()}
    parsed = parse_consultation_number(values["number"])
    if parsed is None:
        raise _Invalid(f"番号「{values['number']}」は R6-0042 の形ではありません")
    fy, seq = parsed
    title = values["title"]
    if not title:
        raise _Invalid("件名が空です")
    if len(title) > MAX_TITLE:
        raise _Invalid(f"件名が長すぎます（{len(title)}文字、{MAX_TITLE}文字まで）")
    department = values.get("department", "")
    if len(department) > MAX_DEPARTMENT:
        raise _Invalid(f"所属が長すぎます（{len(department)}文字、{MAX_DEPARTMENT}文字まで）")
    category = CATEGORIES.get(_key(values["category"]))
    if category is None:
        raise _Invalid(f"区分「{values['category']}」は bpr / app（業務改善 / アプリ）のどちらでもありません")
    status = STATUSES.get(_key(values["status"]))
    if status is None:
        raise _Invalid(f"状況「{values['status']}」を読み取れません（受付・担当決定・対応中・保留・完了・取り下げ）")
    created = _moment(values["created"], "受付日", tz)
    if fiscal_year(created.astimezone(tz).date()) != fy:
        raise _Invalid(f"番号 {values['number']} の年度と受付日 {values['created']} の年度が違います")
    closed = _closed(values.get("closed", ""), status, created, tz)
    resolution, artefact = values.get("resolution", ""), values.get("artefact_name", "")
    if (resolution or artefact) and not status.is_closed:
        raise _Invalid(f"解決内容・成果物は完了した相談にだけ書けます（状況：{STATUS_NAMES[status]}）")
    if len(resolution) > MAX_RESOLUTION:
        raise _Invalid(f"解決内容が長すぎます（{len(resolution)}文字、{MAX_RESOLUTION}文字まで）")
    if len(artefact) > MAX_ARTEFACT:
        raise _Invalid(f"成果物が長すぎます（{len(artefact)}文字、{MAX_ARTEFACT}文字まで）")
    return ImportRow(
        number=consultation_number(fy, seq),
        title=title,
        body=values.get("body", "") or title,
        category=category.value,
        status=status.value,
        department=department,
        created_at=created,
        closed_at=closed,
        hours_saved_per_month=_hours(values.get("hours_saved_per_month", "")),
        resolution=resolution,
        artefact_name=artefact,
    )


def _closed(text: str, status: Status, created: datetime, tz: tzinfo) -> datetime | None:
    if not status.is_closed:
        if text:
            raise _Invalid(f"状況が「{STATUS_NAMES[status]}」なのに完了日があります")
        return None
    if not text:
        raise _Invalid(f"状況が「{STATUS_NAMES[status]}」なのに完了日がありません")
    closed = _moment(text, "完了日", tz)
    if closed < created:
        raise _Invalid("完了日が受付日より前です")
    return closed


def _moment(text: str, name: str, tz: tzinfo) -> datetime:
    """'2024-04-01', '2024/4/1' (09:00 local), or a date and time ('2024-04-01T10:30', '2024/4/1 10:30:00+09:00')."""
    t = unicodedata.normalize("NFKC", text).strip()
    if not t:
        raise _Invalid(f"{name}がありません")
    day = _DAY.match(t)
    rest = t[day.end() :] if day else ""
    clock = _TIME.fullmatch(rest) if rest else None
    if day is None or (rest and clock is None):
        raise _Invalid(f"{name}「{text}」は日付として読み取れません（例：2024-04-01、2024/4/1）")
    try:
        y, m, d = int(day[1]), int(day[2]), int(day[3])
        if clock is None:
            return datetime.combine(date(y, m, d), DAY_STARTS_AT, tzinfo=tz).astimezone(UTC)
        hh, mm, ss = int(clock[1]), int(clock[2]), int(clock[3] or 0)
        moment = datetime.fromisoformat(f"{y:04d}-{m:02d}-{d:02d}T{hh:02d}:{mm:02d}:{ss:02d}{clock[4] or ''}")
    except ValueError as e:
        raise _Invalid(f"{name}「{text}」はありえない日付です") from e
    return (moment if moment.tzinfo else moment.replace(tzinfo=tz)).astimezone(UTC)


def _hours(text: str) -> float | None:
    if not text:
        return None
    try:
        hours = float(unicodedata.normalize("NFKC", text).replace(",", ""))
    except ValueError as e:
        raise _Invalid(f"削減時間「{text}」は数値ではありません") from e
    if not math.isfinite(hours) or hours < 0:
        raise _Invalid(f"削減時間「{text}」は0以上の数値にしてください")
    return hours


def _unneutralise(cell: str) -> str:
    """Undo export_csv's guard against formula injection: "'=x" was written for "=x"."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(NEUTRALISED) else cell
