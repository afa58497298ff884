"""`consult serve` at a chosen instant for browser tests of what happens at a time of day (the 9:00 digest): the
bot runs under libfaketime (Debian package `faketime`), so its clock starts at that instant and then ticks, and it
can be restarted at another instant on the same port and database (the playground in front of it keeps running).
The test process itself never reads or moves the machine's date."""

import os
import shutil
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from scripts.playground import BotProcess, ChildFailed, consult_executable, http_get, port_in_use


@dataclass
class TimedBot:
    host: str
    port: int
    env: dict[str, str]
    cwd: Path
    process: BotProcess | None = None
    starts: list[datetime] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def output(self) -> Path:
        return self.cwd / f"bot-{len(self.starts)}.out"

    def output_tail(self, lines: int = 40) -> str:
        return self.process.output_tail(lines) if self.process else ""

    def start_at(self, instant: datetime, timeout: float = 30.0) -> None:
        """(Re)start the bot with its clock at `instant` (aware), and wait until `GET /healthz` answers 200."""
        faketime = shutil.which("faketime")
        if faketime is None:
            raise ChildFailed("bot: `faketime` is not on PATH (apt-get install -y faketime)")
        self.stop()
        if port_in_use(self.host, self.port):
            raise ChildFailed(f"bot: {self.host}:{self.port} is already in use")
        self.starts.append(instant)
        inherited = {k: v for k, v in os.environ.items() if not k.upper().replace("_", "").startswith("MICROSOFTAPP")}
        env = {**inherited, "MicrosoftAppId": "", "MicrosoftAppPassword": "", **self.env}
        env |= {"HOST": self.host, "PORT": str(self.port)}
        argv = [faketime, instant.strftime("%Y-%m-%d %H:%M:%S %z"), str(consult_executable()), "serve"]
        bot = BotProcess(argv, host=self.host, port=self.port, cwd=self.cwd, env=env, output=self.output)
        try:
            bot.wait_until(lambda: http_get(f"{bot.url}/healthz")[0] == 200, timeout=timeout, what="healthy")
        except BaseException:
            bot.stop()
            raise
        self.process = bot

    def stop(self, timeout: float = 15.0) -> None:
        """Stop the bot and wait until its port is free: `faketime` exits at SIGTERM at once, while the bot (its
        child, in the same process group) finishes its graceful shutdown."""
        if self.process is None:
            return
        self.process.stop()
        self.process = None
        deadline = time.monotonic() + timeout
        while port_in_use(self.host, self.port):
            if time.monotonic() > deadline:
                raise ChildFailed(f"bot: still listening on {self.host}:{self.port} {timeout:.0f} s after SIGTERM")
            time.sleep(0.1)
