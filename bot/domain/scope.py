"""What is not a DX consultation (対象外): the topics such a message is about and where its sender should go instead.

The classifier's third outcome is `OUT_OF_SCOPE` with one `Topic`; the bot then answers with where to go (`desk_of`)
and offers to register the message as a consultation after all. Only the topic is recorded (table turned_away)."""

from dataclasses import dataclass
from enum import StrEnum

OUT_OF_SCOPE = "out_of_scope"  # the label of the third outcome, in JSON Lines files and `consult classify`


class Topic(StrEnum):
    PC = "pc"  # PC, software, network trouble
    PRINTER = "printer"  # printers, copiers, scanners
    PASSWORD = "password"  # passwords, accounts, sign-in
    VPN = "vpn"  # VPN, remote access, telework devices
    HOWTO = "howto"  # how to use Teams, Outlook, Office (not about building anything)
    ROOM = "room"  # booking rooms, cars, equipment; the building
    PERSONNEL = "personnel"  # leave, pay, transfers, welfare
    GREETING = "greeting"  # greetings, thanks, "test"


class Desk(StrEnum):
    """Where a topic belongs instead."""

    HELPDESK = "helpdesk"  # the IT helpdesk (HELPDESK_CONTACT, HELPDESK_URL)
    FACILITIES = "facilities"  # 総務・施設の担当
    PERSONNEL = "personnel"  # 人事の担当
    NONE = "none"  # nowhere else: a greeting is answered with what the desk is for


_DESKS = {
    Topic.PC: Desk.HELPDESK,
    Topic.PRINTER: Desk.HELPDESK,
    Topic.PASSWORD: Desk.HELPDESK,
    Topic.VPN: Desk.HELPDESK,
    Topic.HOWTO: Desk.HELPDESK,
    Topic.ROOM: Desk.FACILITIES,
    Topic.PERSONNEL: Desk.PERSONNEL,
    Topic.GREETING: Desk.NONE,
}


def desk_of(topic: Topic) -> Desk:
    return _DESKS[topic]


def topic_of(value: object) -> Topic | None:
    """The topic a stored or predicted string names, or None."""
    try:
        return Topic(str(value))
    except ValueError:
        return None


@dataclass(frozen=True)
class OutOfScope:
    """The classifier's verdict that a text is not a DX consultation: its topic and the calibrated probability."""

    topic: Topic
    probability: float


@dataclass(frozen=True)
class TurnedAwayCounts:
    """Messages answered as 対象外 in a period, and how many of them were registered as consultations after all."""

    turned_away: int = 0
    registered: int = 0


def turned_away_source(turned_away_id: int) -> str:
    """The source id of a consultation registered from a turned-away message: one consultation per turn-away."""
    return f"scope:{turned_away_id}"


def turned_away_id_of(source_id: str) -> int | None:
    prefix, _, rest = source_id.partition(":")
    return int(rest) if prefix == "scope" and rest.isascii() and rest.isdigit() and len(rest) <= 10 else None


@dataclass(frozen=True)
class Contacts:
    """Where the bot sends what is not its job (settings HELPDESK_CONTACT, HELPDESK_URL, FACILITIES_CONTACT,
    PERSONNEL_CONTACT); Deps holds None when OUT_OF_SCOPE_ENABLED is off (every message is then taken in)."""

    helpdesk: str = "情報システム課ヘルプデスク"
    helpdesk_url: str = ""
    facilities: str = "総務課（庁舎・施設担当）"
    personnel: str = "人事課"
