"""Settings: one typed, frozen object read from the environment and an optional .env file."""

from types import SimpleNamespace
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/consult.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", frozen=True, extra="ignore", populate_by_name=True)

    # Which SDK hosts the bot: botbuilder 4.17 (bot/teams, the default) or the Microsoft 365 Agents SDK (bot/agents).
    bot_host: Literal["botbuilder", "agents"] = Field("botbuilder", validation_alias="BOT_HOST")
    microsoft_app_id: str = Field("", validation_alias=AliasChoices("MicrosoftAppId", "MICROSOFT_APP_ID"))
    microsoft_app_password: SecretStr = Field(
        SecretStr(""), validation_alias=AliasChoices("MicrosoftAppPassword", "MICROSOFT_APP_PASSWORD")
    )
    microsoft_app_type: Literal["MultiTenant", "SingleTenant", "UserAssignedMSI"] = Field(
        "MultiTenant", validation_alias=AliasChoices("MicrosoftAppType", "MICROSOFT_APP_TYPE")
    )
    microsoft_app_tenant_id: str = Field(
        "", validation_alias=AliasChoices("MicrosoftAppTenantId", "MICROSOFT_APP_TENANT_ID")
    )
    allowed_tenant_ids: Annotated[tuple[str, ...], NoDecode] = Field((), validation_alias="ALLOWED_TENANT_IDS")
    # Where inbound JWTs are checked and the bot gets its outbound token; empty = Azure public cloud.
    bot_openid_metadata_url: str = Field("", validation_alias="BOT_OPENID_METADATA_URL")
    bot_login_url: str = Field("", validation_alias="BOT_LOGIN_URL")  # https; login.microsoftonline.com/... or .../adfs
    host: str = Field("127.0.0.1", validation_alias="HOST")
    port: int = Field(3978, validation_alias="PORT", ge=1, le=65535)
    # Server processes behind PORT (bot/workers.py); each worker is started with WEB_REUSE_PORT (SO_REUSEPORT).
    web_workers: int = Field(1, validation_alias="WEB_WORKERS", ge=1, le=64)
    web_reuse_port: bool = Field(False, validation_alias="WEB_REUSE_PORT")
    database_url: str = Field(DEFAULT_DATABASE_URL, validation_alias="DATABASE_URL")
    support_team_ids: Annotated[tuple[str, ...], NoDecode] = Field((), validation_alias="SUPPORT_TEAM_IDS")
    support_team_id: str = Field("", validation_alias="SUPPORT_TEAM_ID")
    consultation_channel_ids: Annotated[tuple[str, ...], NoDecode] = Field(
        (), validation_alias="CONSULTATION_CHANNEL_IDS"
    )
    summary_channel_id: str = Field("", validation_alias="SUMMARY_CHANNEL_ID")
    channel_messages_without_mention: bool = Field(False, validation_alias="CHANNEL_MESSAGES_WITHOUT_MENTION")
    graph_enabled: bool = Field(True, validation_alias="GRAPH_ENABLED")
    graph_authority_host: str = Field("https://login.microsoftonline.com", validation_alias="GRAPH_AUTHORITY_HOST")
    graph_base_url: str = Field("https://graph.microsoft.com", validation_alias="GRAPH_BASE_URL")
    graph_ca_file: str = Field("", validation_alias="GRAPH_CA_FILE")
    timezone: str = Field("Asia/Tokyo", validation_alias="TIMEZONE")
    summary_weekday: int = Field(0, validation_alias="SUMMARY_WEEKDAY", ge=0, le=6)  # 0 = Monday
    summary_time: str = Field("09:00", validation_alias="SUMMARY_TIME", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    summary_timezone: str = Field("Asia/Tokyo", validation_alias="SUMMARY_TIMEZONE")
    summary_enabled: bool = Field(True, validation_alias="SUMMARY_ENABLED")
    public_base_url: str = Field("", validation_alias="PUBLIC_BASE_URL")  # https://consult.example.lg.jp, for links
    dashboard_token: SecretStr = Field(SecretStr(""), validation_alias="DASHBOARD_TOKEN")
    dashboard_signing_key: SecretStr = Field(SecretStr(""), validation_alias="DASHBOARD_SIGNING_KEY")
    classifier_model_path: str = Field("", validation_alias="CLASSIFIER_MODEL_PATH")
    classifier_threshold: float = Field(0.65, validation_alias="CLASSIFIER_THRESHOLD", ge=0.5, le=1.0)
    classifier_reload_seconds: float = Field(30.0, validation_alias="CLASSIFIER_RELOAD_SECONDS", ge=0)
    # 対象外: where the bot sends what is not a DX consultation (IT helpdesk's name and extension, a link)
    out_of_scope_enabled: bool = Field(True, validation_alias="OUT_OF_SCOPE_ENABLED")
    helpdesk_contact: str = Field("情報システム課ヘルプデスク", validation_alias="HELPDESK_CONTACT")
    helpdesk_url: str = Field("", validation_alias="HELPDESK_URL")
    # Ageing on business days: the city's closure (MM-DD..MM-DD, spanning New Year), thresholds, the 9:00 digest
    closure_days: str = Field("12-29..01-03", validation_alias="CLOSURE_DAYS", pattern=r"^(\d\d-\d\d\.\.\d\d-\d\d)?$")
    ageing_unassigned_days: int = Field(2, validation_alias="AGEING_UNASSIGNED_DAYS", ge=1)
    ageing_on_hold_days: int = Field(10, validation_alias="AGEING_ON_HOLD_DAYS", ge=1)
    ageing_due_days: int = Field(2, validation_alias="AGEING_DUE_DAYS", ge=0)
    digest_enabled: bool = Field(True, validation_alias="DIGEST_ENABLED")
    digest_time: str = Field("09:00", validation_alias="DIGEST_TIME", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    digest_channel_id: str = Field("", validation_alias="DIGEST_CHANNEL_ID")  # empty: the summary channel
    nudges_enabled: bool = Field(True, validation_alias="NUDGES_ENABLED")
    spool_dir: str = Field("./data/spool", validation_alias="SPOOL_DIR")
    shutdown_timeout: float = Field(25.0, validation_alias="SHUTDOWN_TIMEOUT", gt=0)  # < the platform's SIGKILL grace
    migrate_on_start: bool = Field(True, validation_alias="MIGRATE_ON_START")
    log_level: str = Field("INFO", validation_alias="LOG_LEVEL")
    # 対象外: where room and car bookings, the building, and personnel matters go (with HELPDESK_CONTACT above)
    facilities_contact: str = Field("総務課（庁舎・施設担当）", validation_alias="FACILITIES_CONTACT")
    personnel_contact: str = Field("人事課", validation_alias="PERSONNEL_CONTACT")

    @field_validator("support_team_ids", "consultation_channel_ids", "allowed_tenant_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.replace(";", ",").split(",") if part.strip())
        return value

    @model_validator(mode="after")
    def _agents_host_supported(self) -> "Settings":
        """The Agents SDK validates tokens against Microsoft's fixed key endpoints: it has no setting for another
        OpenID metadata URL, so BOT_OPENID_METADATA_URL cannot be honoured there and is refused, not ignored."""
        if self.bot_host == "agents" and self.bot_openid_metadata_url:
            raise ValueError("BOT_OPENID_METADATA_URL is not supported with BOT_HOST=agents")
        return self

    @property
    def auth_enabled(self) -> bool:
        return bool(self.microsoft_app_id)

    @property
    def graph_configured(self) -> bool:
        """Graph look-ups need an app id, a secret and a tenant (app-only token)."""
        return self.graph_enabled and bool(
            self.microsoft_app_id and self.microsoft_app_password.get_secret_value() and self.microsoft_app_tenant_id
        )

    def bot_auth(self) -> SimpleNamespace:
        """The object botbuilder's ConfigurationBotFrameworkAuthentication reads with hasattr()."""
        auth = SimpleNamespace(
            APP_ID=self.microsoft_app_id,
            APP_PASSWORD=self.microsoft_app_password.get_secret_value(),
            APP_TYPE=self.microsoft_app_type,
            APP_TENANTID=self.microsoft_app_tenant_id,
        )
        if self.bot_openid_metadata_url:  # any one of these selects botbuilder's parameterized auth: it needs all seven
            tenant = self.microsoft_app_tenant_id or "botframework.com"
            auth.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL = self.bot_openid_metadata_url
            auth.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL = self.bot_openid_metadata_url
            auth.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER = "https://api.botframework.com"
            auth.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE = "https://api.botframework.com"
            auth.TO_CHANNEL_FROM_BOT_LOGIN_URL = self.bot_login_url or f"https://login.microsoftonline.com/{tenant}"
            auth.OAUTH_URL = "https://api.botframework.com"
            auth.CALLER_ID = "urn:botframework:azure"
        return auth
