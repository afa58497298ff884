"""Every card the bot can send, in several states and both locales, as (name, card) pairs for card-wide checks
(tests/cards/test_adaptivecards_js.py runs them all through Microsoft's `adaptivecards` library).

Adding a card builder, or a state worth checking, means adding one line to `SAMPLES`: a name and a function of the
locale that returns the card. Every line is built for every locale in `LOCALES`.
"""

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.cards.details_card import details_card
from bot.cards.digest_card import MAX_ROWS, digest_card
from bot.cards.intake_card import intake_form_card, question_card
from bot.cards.link_cards import dashboard_link_card, neutral_consultation_card
from bot.cards.list_card import consultation_list_card
from bot.cards.queue_card import queue_card, results_card
from bot.cards.register_card import register_card
from bot.cards.scope_card import done_card, register_data, scope_card
from bot.cards.similar_section import similar_list_card
from bot.cards.status_card import status_card
from bot.cards.summary_card import summary_card
from bot.cards.verbs import Verb
from bot.cards.worksheet_card import worksheet_form_card, worksheet_saved_card
from bot.domain.ageing import AgeingReport, report
from bot.domain.catalogue import CatalogueEntry
from bot.domain.category import Category
from bot.domain.consultation import (
    CategorySource,
    Event,
    EventKind,
    Note,
    Outcome,
    Person,
    Place,
    Reuse,
    Role,
    Status,
    Worksheet,
)
from bot.domain.periods import date_range
from bot.domain.queue import PAGE_SIZE, QueueFilter, Workload
from bot.domain.scope import Contacts, Topic
from bot.domain.similar import SimilarCase
from bot.domain.stats import ConsultationFact, DepartmentDirectory, Summary, summarize
from bot.handlers.commands import LIST_LIMIT
from bot.services.records import HISTORY_LIMIT, NOTES_LIMIT, SEARCH_LIMIT
from tests.support.calendars import city_rules
from tests.support.factories import NOW, OTHER, SUPPORT, a_consultation

LOCALES = ("ja", "en")
SCOPE_CONTACTS = Contacts(helpdesk="ヘルプデスク（内線1234）", helpdesk_url="https://help.example.lg.jp/")

# Text a user may type: quotes, backslashes, template and markup look-alikes, a new line.
HOSTILE = 'He said "hi" \\ {{x}} ${x} </at> <script>alert(1)</script>\n次の行'
LONG = "業務の流れを見直したい。" * 600  # far over every builder's truncation limit

MEMBERS = [SUPPORT, OTHER, *(Person(f"aad-member-{i}", f"支援 {i:03d}") for i in range(120))]  # > 100 choices
REFRESH_IDS = [f"29:user-{i}" for i in range(75)]  # > 60, the Teams limit for refresh.userIds

BASE = a_consultation(desired_due=date(2027, 3, 31))
ASSIGNED = replace(BASE, status=Status.ASSIGNED, assignee=SUPPORT)
IN_PROGRESS = replace(ASSIGNED, status=Status.IN_PROGRESS)
ON_HOLD = replace(ASSIGNED, status=Status.ON_HOLD)
APP = replace(
    IN_PROGRESS,
    category=Category.APP,
    category_source=CategorySource.MANUAL,
    title="申請フォームのアプリ化",
    confidence=1,
)
DONE_APP = replace(
    APP,
    status=Status.DONE,
    closed_at=NOW,
    outcome=Outcome("Power Apps で申請アプリを作成", 12.5, "申請アプリ", "本番環境", "情報政策課"),
)
DONE_BPR = replace(ASSIGNED, status=Status.DONE, closed_at=NOW, outcome=Outcome("押印を廃止しました"))
REUSABLE = replace(DONE_BPR, reuse=Reuse(HOSTILE, NOW, SUPPORT.id))
WITHDRAWN = replace(BASE, status=Status.WITHDRAWN, closed_at=NOW)
HOSTILE_TEXT = replace(BASE, title=HOSTILE, body=HOSTILE, department=HOSTILE, requester=Person("aad-x", HOSTILE))
LONG_TEXT = replace(ASSIGNED, title=LONG, body=LONG, assignee=Person("aad-noname"))
HUGE = replace(ASSIGNED, body="\n".join([LONG] * 12))  # an imported request of 86,400 characters

WORKSHEET = Worksheet(
    as_is="紙の申請書に押印して回覧",
    problems="回覧に3日かかる",
    to_be="電子申請で即日決裁",
    gap="決裁規程",
    effects="年間400時間削減",
    yearly_count=1200,
    minutes_per_case=20,
)
FULL_WORKSHEET = Worksheet(*(LONG[:2000],) * 5, yearly_count=10**6, minutes_per_case=0.5)
SIMILAR = [
    SimilarCase(
        7,
        "R7-0042",
        "出張命令書の電子化",
        "総務課",
        Category.BPR,
        Status.DONE,
        NOW,
        "承認フローに置き換えた",
        "出張申請アプリ",
        reusable=True,
        score=0.42,
    ),
    SimilarCase(8, "R8-0003", HOSTILE, HOSTILE, Category.APP, Status.DONE, NOW, HOSTILE, HOSTILE, score=0.3),
    SimilarCase(9, "R8-0010", LONG, "市民課", Category.BPR, Status.IN_PROGRESS, NOW, score=0.2),
]
HOSTILE_WORKSHEET = Worksheet(*(HOSTILE,) * 5, yearly_count=3, minutes_per_case=12.5)
NOTES = [
    Note(BASE.id, SUPPORT, Role.SUPPORT, "担当します。来週ヒアリングさせてください。", NOW),
    Note(BASE.id, BASE.requester, Role.REQUESTER, HOSTILE, NOW + timedelta(hours=1)),
]
MANY_NOTES = [
    Note(
        BASE.id, (SUPPORT, BASE.requester)[i % 2], (Role.SUPPORT, Role.REQUESTER)[i % 2], LONG, NOW + timedelta(hours=i)
    )
    for i in range(NOTES_LIMIT)  # the most the details card is given
]
EVENTS = [
    Event(BASE.id, EventKind.CREATED, "aad-requester", "山田 花子", NOW),
    Event(BASE.id, EventKind.ASSIGNED, SUPPORT.id, SUPPORT.name, NOW, "", SUPPORT.name),
    Event(BASE.id, EventKind.STATUS_CHANGED, SUPPORT.id, SUPPORT.name, NOW, Status.RECEIVED, Status.ASSIGNED),
    Event(BASE.id, EventKind.RECLASSIFIED, SUPPORT.id, SUPPORT.name, NOW, Category.BPR, Category.APP),
    Event(BASE.id, EventKind.NOTE_ADDED, "aad-requester", "", NOW),
    Event(BASE.id, EventKind.WORKSHEET_SAVED, SUPPORT.id, SUPPORT.name, NOW),
    Event(BASE.id, EventKind.UNASSIGNED, SUPPORT.id, SUPPORT.name, NOW, SUPPORT.name, ""),
]
STATES = [BASE, ASSIGNED, IN_PROGRESS, ON_HOLD, APP, DONE_APP, WITHDRAWN, HOSTILE_TEXT]
ROWS = [  # long titles, every state; as many rows as the biggest list the bot sends
    replace(
        STATES[i % len(STATES)], id=i + 1, number=f"R8-{i + 1:04d}", title=f"{STATES[i % len(STATES)].title} {LONG}"
    )
    for i in range(max(PAGE_SIZE, LIST_LIMIT, SEARCH_LIMIT))
]
WORKLOAD = [Workload(SUPPORT.id, SUPPORT.name, 5), Workload("aad-noname", "", 2)]
DEPARTMENTS = [f"部署{i:03d}課" for i in range(400)]  # more than the department picker offers


def _digest(consultations: list) -> AgeingReport:
    """The ageing digest on Friday 2027-05-07 (after Golden Week) of consultations received in March 2027."""
    old = [
        replace(c, created_at=datetime(2027, 3, 1, 1, tzinfo=UTC), desired_due=date(2027, 5, 6)) for c in consultations
    ]
    return report(old, today=date(2027, 5, 7), rules=city_rules(), tz=ZoneInfo("Asia/Tokyo"), on_hold_since={})


DIGEST_MANY = _digest([replace(BASE, id=i, number=f"R9-{i:04d}", title=LONG) for i in range(1, MAX_ROWS + 10)])
IN_CHANNEL = Place("19:desk@thread.tacv2;messageid=171", "19:desk@thread.tacv2", "171", "tenant-1", "171")
DIGEST_MIXED = _digest([BASE, ASSIGNED, ON_HOLD, HOSTILE_TEXT, replace(BASE, id=9, place=IN_CHANNEL)])
DIGEST_NONE = _digest([])

Builder = Callable[[str], dict]
SAMPLES: list[tuple[str, Builder]] = [
    # status_card: every status, each role's buttons, member list, refresh ids, notice, user text
    ("status/received/support", lambda loc: status_card(BASE, loc, members=MEMBERS, refresh_ids=REFRESH_IDS)),
    ("status/received/support-no-members", lambda loc: status_card(BASE, loc)),
    ("status/assigned/support", lambda loc: status_card(ASSIGNED, loc, members=MEMBERS[:3])),
    ("status/in-progress/support", lambda loc: status_card(IN_PROGRESS, loc, members=MEMBERS[:3], notice="通知")),
    ("status/on-hold/support", lambda loc: status_card(ON_HOLD, loc)),
    ("status/app/support", lambda loc: status_card(APP, loc, members=MEMBERS[:3])),
    ("status/done-app/support", lambda loc: status_card(DONE_APP, loc)),
    ("status/done-bpr/requester", lambda loc: status_card(DONE_BPR, loc, view=Role.REQUESTER)),
    ("status/done-reusable/support", lambda loc: status_card(REUSABLE, loc)),
    ("status/done-reusable/requester", lambda loc: status_card(REUSABLE, loc, view=Role.REQUESTER)),
    ("status/withdrawn/support", lambda loc: status_card(WITHDRAWN, loc)),
    ("status/received/requester", lambda loc: status_card(BASE, loc, view=Role.REQUESTER, refresh_ids=["29:r"])),
    ("status/app/requester", lambda loc: status_card(APP, loc, view=Role.REQUESTER)),
    ("status/received/other", lambda loc: status_card(BASE, loc, view=Role.OTHER)),
    ("status/hostile-text", lambda loc: status_card(HOSTILE_TEXT, loc, notice=HOSTILE)),
    ("status/long-text", lambda loc: status_card(LONG_TEXT, loc, members=MEMBERS, refresh_ids=REFRESH_IDS)),
    ("status/assigned/own-view", lambda loc: status_card(ASSIGNED, loc, members=MEMBERS[:3], viewer_id=SUPPORT.id)),
    # intake_form_card: empty, refilled after an error
    ("intake/empty", lambda loc: intake_form_card(loc)),
    (
        "intake/error",
        lambda loc: intake_form_card(
            loc, values={"title": HOSTILE, "body": LONG, "department": "総務課", "due": "2027-03-31"}, error="エラー"
        ),
    ),
    # consultation_list_card (一覧 for a requester)
    ("list/rows", lambda loc: consultation_list_card(ROWS[:LIST_LIMIT], "一覧", loc)),
    ("list/empty", lambda loc: consultation_list_card([], "一覧", loc)),
    # details_card (詳細)
    ("details/bpr", lambda loc: details_card(ASSIGNED, NOTES, EVENTS, WORKSHEET, loc)),
    ("details/done-app-no-notes", lambda loc: details_card(DONE_APP, [], EVENTS[:1], None, loc)),
    (
        "details/long",
        lambda loc: details_card(LONG_TEXT, MANY_NOTES, (EVENTS * 9)[:HISTORY_LIMIT], FULL_WORKSHEET, loc),
    ),
    ("details/hostile", lambda loc: details_card(HOSTILE_TEXT, NOTES, EVENTS, HOSTILE_WORKSHEET, loc)),
    # a record too big for one message, in parts (first, middle, last)
    *(
        (
            f"details/huge-part-{part}",
            lambda loc, part=part: details_card(HUGE, MANY_NOTES, EVENTS, None, loc, part=part),
        )
        for part in (1, 2, 99)
    ),
    # worksheet_card (As-Is/To-Be)
    ("worksheet/empty", lambda loc: worksheet_form_card(BASE, None, loc)),
    ("worksheet/filled", lambda loc: worksheet_form_card(ASSIGNED, WORKSHEET, loc)),
    ("worksheet/saved", lambda loc: worksheet_saved_card(ASSIGNED, FULL_WORKSHEET, loc)),
    # queue_card (一覧 for the support team) and search results (検索)
    (
        "queue/first-page",
        lambda loc: queue_card(
            ROWS[:PAGE_SIZE], queue_filter=QueueFilter.OPEN, page=1, total=20, workload=WORKLOAD, locale=loc
        ),
    ),
    (
        "queue/middle-page",
        lambda loc: queue_card(
            ROWS[:PAGE_SIZE], queue_filter=QueueFilter.MINE, page=2, total=30, workload=[], locale=loc
        ),
    ),
    (
        "queue/empty",
        lambda loc: queue_card([], queue_filter=QueueFilter.UNASSIGNED, page=1, total=0, workload=[], locale=loc),
    ),
    ("search/results", lambda loc: results_card(ROWS[:SEARCH_LIMIT], "押印", loc)),
    ("search/none", lambda loc: results_card([], "該当なし", loc)),
    ("search/none-hostile-query", lambda loc: results_card([], HOSTILE + LONG, loc)),
    # summary_card: the weekly summary and 集計, with Teams charts (allow-listed) and many departments
    (
        "summary/programme",
        lambda loc: summary_card(SUMMARY, loc, dashboard_url="https://consult.example.lg.jp/dashboard"),
    ),
    ("summary/weekly", lambda loc: summary_card(SUMMARY, loc, heading_key="summary.weekly_heading")),
    ("summary/weekly-new-reuse", lambda loc: summary_card(WITH_REUSE, loc, heading_key="summary.weekly_heading")),
    # question_card: the 所属 question with its typeahead picker (department master), and when asked again
    ("question/department", lambda loc: question_card("所属", "department", DEPARTMENTS, verb=Verb.ANSWER, locale=loc)),
    (
        "question/department-retry",
        lambda loc: question_card("所属", "department", [HOSTILE], verb=Verb.ANSWER, locale=loc, error=HOSTILE),
    ),
    # 相談として登録 (the message action's dialog): prefilled, refilled after an error with hostile and long text
    (
        "register/prefilled",
        lambda loc: register_card(
            loc,
            values={"title": "押印の見直し", "body": "申請書の押印欄を廃止したい", "requester": "aad-a", "department": ""},
            requesters=[("山田 花子（投稿者）", "aad-a"), ("佐藤 一郎（自分）", "aad-b")],
        ),
    ),
    (
        "register/error",
        lambda loc: register_card(
            loc,
            values={"title": HOSTILE, "body": LONG, "requester": "aad-a", "department": HOSTILE},
            requesters=[(HOSTILE, "aad-a")],
            error=HOSTILE,
        ),
    ),
    (
        "register/out-of-scope",
        lambda loc: register_card(
            loc,
            values={"title": "", "body": HOSTILE, "requester": "aad-a", "department": ""},
            requesters=[("山田 花子（投稿者）", "aad-a")],
            out_of_scope=HOSTILE,
            anyway={"anyway": True, "turned_away_id": 3},
        ),
    ),
    # link unfurling: what someone who may not see the consultation gets, and the dashboard's preview
    ("link/neutral", lambda loc: neutral_consultation_card("R8-0001", loc)),
    ("link/dashboard", lambda loc: dashboard_link_card("https://consult.example.lg.jp/dashboard?period=今年度", HOSTILE, loc)),
    ("link/dashboard-default", lambda loc: dashboard_link_card("https://consult.example.lg.jp/dashboard", "", loc)),
    # digest_card: the daily ageing digest (more rows than it shows, each flag, typed text, nothing flagged)
    ("digest/many", lambda loc: digest_card(DIGEST_MANY, loc)),
    ("digest/mixed", lambda loc: digest_card(DIGEST_MIXED, loc, notice="R9-0001")),
    ("digest/none", lambda loc: digest_card(DIGEST_NONE, loc)),
    # scope_card: the 対象外 answer (helpdesk with its link; facilities), with a hostile and an over-long text
    (
        "scope/helpdesk",
        lambda loc: scope_card(Topic.PRINTER, SCOPE_CONTACTS, HOSTILE, register_data(1, HOSTILE, "aad-x", True), loc),
    ),
    (
        "scope/facilities",
        lambda loc: scope_card(Topic.ROOM, SCOPE_CONTACTS, LONG, register_data(2, LONG, "a", False), loc),
    ),
    ("scope/registered", lambda loc: done_card("scope.already_registered", loc, number="R8-0001")),
    (
        "status/needs-triage",
        lambda loc: status_card(
            replace(BASE, needs_triage=True, reasons=("押印", "決裁ルート"), tags=("approval-flow", "paper-reduction")),
            loc,
            members=MEMBERS,
        ),
    ),
    # the 「類似の相談」 section (support view, 詳細) and the 類似 / 事例 lists
    ("status/similar/support", lambda loc: status_card(BASE, loc, members=MEMBERS[:3], similar=SIMILAR)),
    ("status/similar/requester", lambda loc: status_card(BASE, loc, view=Role.REQUESTER, similar=SIMILAR)),
    ("details/similar", lambda loc: details_card(ASSIGNED, NOTES, EVENTS, WORKSHEET, loc, similar=SIMILAR)),
    ("similar/list", lambda loc: similar_list_card(SIMILAR * 4, "類似", "なし", loc)),
    ("similar/empty", lambda loc: similar_list_card([], "事例", "なし", loc)),
]


def _summary() -> "Summary":
    """The programme's figures: 179 BPR (105 done) and 32 app (17 done), with 40 departments."""
    facts = []
    start = datetime(2024, 4, 2, tzinfo=UTC)
    for category, received, done in (("bpr", 179, 105), ("app", 32, 17)):
        for i in range(received):
            created = start + timedelta(days=i * 2)
            closed = created + timedelta(days=10 + i % 30) if i < done else None
            facts.append(
                ConsultationFact(
                    category,
                    "done" if closed else "in_progress",
                    f"部署{i % 40:02d}課",
                    created,
                    closed,
                    2.5 if closed else None,
                )
            )
    master = DepartmentDirectory(names=tuple(f"部署{i:02d}課" for i in range(60)))
    period = date_range(date(2024, 4, 1), date(2025, 6, 30))
    return summarize(
        facts, period, as_of=datetime(2026, 11, 28, tzinfo=UTC), tz=ZoneInfo("Asia/Tokyo"), departments=master
    )


SUMMARY = _summary()
REUSE_ENTRY = CatalogueEntry(
    consultation_id=1,
    number="R8-0001",
    title=HOSTILE,
    department="市民課",
    category="app",
    tags=("ms-forms",),
    resolution=HOSTILE,
    artefact="窓口予約フォーム",
    note=HOSTILE,
    closed_at=NOW,
    marked_at=NOW,
)
WITH_REUSE = replace(SUMMARY, new_reuse=tuple(replace(REUSE_ENTRY, number=f"R8-{i:04d}") for i in range(1, 8)))


def all_sample_cards() -> list[tuple[str, dict]]:
    """(name, card) for every line of SAMPLES in every locale; names look like `status/received/support[ja]`."""
    return [(f"{name}[{locale}]", build(locale)) for name, build in SAMPLES for locale in LOCALES]
