"""What a turn carries into the pure handlers and what they give back, free of botbuilder types."""

from dataclasses import dataclass, field
from typing import Any

from bot.domain.access import Access
from bot.domain.consultation import Person, Place
from bot.domain.errors import InvalidInput
from bot.domain.intake import Draft, Missing
from bot.domain.ports import Recipient


@dataclass(frozen=True)
class Actor:
    """The person behind an activity, with what the Teams edge knows about them."""

    person: Person
    locale: str = "ja"
    is_support: bool = False

    @property
    def id(self) -> str:
        return self.person.id


@dataclass(frozen=True)
class MessageInput:
    """A text message after mention stripping: the first word is `command`, the rest `args`."""

    text: str
    command: str
    args: str
    place: Place
    activity_id: str = ""
    personal: bool = True  # a 1:1 chat; in channels and group chats every answer would need an @mention
    mentioned: bool = True  # the bot was @mentioned (always true in 1:1 chats)
    team_id: str = ""
    reply_in_thread: bool = False  # a reply inside an existing channel thread (not the thread's first post)


@dataclass(frozen=True)
class CardAction:
    """An Action.Execute click: the verb, the consultation it targets, and the card's inputs."""

    verb: str
    consultation_id: int | None
    inputs: dict[str, Any] = field(default_factory=dict)
    card_activity_id: str = ""
    place: Place = field(default_factory=Place)
    activity_id: str = ""  # the invoke's own id: a redelivery carries the same one
    access: Access = Access.ANYONE  # set by the router from the verb's route: who may act on the consultation

    @property
    def target(self) -> int:
        """The consultation id; the router calls a handler of a `needs_id` verb only when there is one."""
        if self.consultation_id is None:
            raise InvalidInput()
        return self.consultation_id


@dataclass(frozen=True)
class Notice:
    """A proactive 1:1 message to someone (the requester), sent after the turn's answer."""

    recipient: Recipient
    text: str


@dataclass(frozen=True)
class Reply:
    """What to answer.

    For a message: `text` and `card` go out as one new message; `consultation_id` asks the edge to remember the
    posted card's activity id; `ask` starts the intake dialog.
    For a card action: `card` is what the clicker sees (the invoke response); `shared_card` replaces the clicked
    message for everyone (and, with `consultation_id`, becomes that consultation's card).
    Either way, `notices` are sent 1:1 afterwards.
    """

    text: str = ""
    card: dict[str, Any] | None = None
    shared_card: dict[str, Any] | None = None
    consultation_id: int | None = None
    ask: tuple[Missing, ...] = ()
    draft: Draft | None = None
    status: int = 200
    notices: tuple[Notice, ...] = ()
    changed: bool = False  # a card action changed the consultation (False for a redelivery or a view)

    @classmethod
    def message(cls, text: str) -> "Reply":
        return cls(text=text)

    @classmethod
    def bad_request(cls, text: str) -> "Reply":
        return cls(text=text, status=400)


@dataclass(frozen=True)
class SharedMessage:
    """The message a message action was used on, as Teams sends it (`messagePayload`): its id, its text (HTML
    already made plain), its author when that is a person in the organisation (None for a bot, a connector or a
    guest), and the people @mentioned in it."""

    message_id: str
    text: str
    author: Person | None = None
    mentioned: tuple[Person, ...] = ()


@dataclass(frozen=True)
class ExtensionInvoke:
    """A message-extension invoke (composeExtension/fetchTask, /submitAction, /query, /queryLink), SDK-free.

    `command_id` names the manifest command ("" for queryLink); `message` is the message a message action was used
    on (None when Teams sent no readable message: deleted, or the command was not used on a message); `inputs` are
    the dialog's submitted values; `query`, `skip` and `count` are a search's text and page; `url` is a pasted link."""

    kind: str  # "fetchTask" | "submitAction" | "query" | "queryLink"
    command_id: str = ""
    message: SharedMessage | None = None
    inputs: dict[str, Any] = field(default_factory=dict)
    query: str = ""
    skip: int = 0
    count: int = 10
    url: str = ""
    place: Place = field(default_factory=Place)
    activity_id: str = ""


@dataclass(frozen=True)
class Preview:
    """One result of a search or an unfurled link: the small preview Teams lists (title, subtitle, text) and the
    Adaptive Card inserted when it is chosen."""

    title: str
    card: dict[str, Any]
    subtitle: str = ""
    text: str = ""


@dataclass(frozen=True)
class ExtensionAnswer:
    """What a message-extension invoke is answered with, and what happens after the answer.

    Exactly one of: `dialog` (an Adaptive Card shown in the dialog, titled `title`), `message` (a short text shown in
    the dialog or the search pane), `results` (search results or an unfurled link; empty: nothing found). After the
    answer, `post` goes into the conversation where the command was used (its `consultation_id` makes the posted
    card that consultation's card) and `notices` go out 1:1."""

    dialog: dict[str, Any] | None = None
    title: str = ""
    message: str = ""
    results: tuple[Preview, ...] | None = None
    post: Reply | None = None
    notices: tuple[Notice, ...] = ()
