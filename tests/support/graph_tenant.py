"""A sample Entra tenant for the Microsoft Graph tests: the bot's app registration (tenant, client id, secret) and
the users the fake Graph (tests/support/fake_graph.py) serves."""

from typing import Any

TENANT = "6f1c3f1e-7d55-4c1b-9a8e-2b6f4c1d0e93"
CLIENT = "3d2e1f0a-9b8c-4d7e-8f6a-5b4c3d2e1f0a"
SECRET = "Xq8~s3cret.Value_for-tests"
HANAKO = "0f8fad5b-d9cb-469f-a165-70867728950e"
TARO = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
JIRO = "16fd2706-8baf-433b-82eb-8c7fada847da"
NOBODY = "9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d"
USERS: dict[str, dict[str, Any]] = {
    HANAKO: {"id": HANAKO, "displayName": "山田 花子", "department": "デジタル推進課", "mail": "hanako@example.jp"},
    TARO: {"id": TARO, "displayName": "佐藤 太郎", "department": None},
    JIRO: {"id": JIRO, "displayName": "鈴木 次郎"},
}
