"""Retraining a model file (what `consult train` does, without the printing): train on the data files, refuse a
model that scores worse on the seed data's cross-validation than the one it would replace, keep the replaced file
beside the new one as `<name>-<version>.json` (for rollback), write the new one atomically.

When the output does not exist yet and the seed data is the shipped one, the new model is compared with the
shipped model.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

from bot.classifier.data import (
    default_model_path,
    extra_data_path,
    keep_copy,
    read_examples,
    read_model,
    read_scope_examples,
    save_model,
    scope_data_path,
    seed_data_path,
)
from bot.classifier.examples import ScopeExample
from bot.classifier.train import TrainReport, TrainSummary, train


class PreviousModel(TypedDict):
    """The model an install replaced (or was compared with) and, if it was replaced, where it was kept."""

    version: str | None  # as the file says, None when it has none
    seed_cv_accuracy: float | None
    kept_as: str | None


class InstalledSummary(TrainSummary):
    """`Installed.summary`: the `TrainReport.summary` of the model written, and how it was installed."""

    model: str  # the path written
    seed_cv_accuracy: float | None
    previous: PreviousModel | None  # None when there was no model to compare with
    forced: bool  # written with `force` although it scores worse


@dataclass(frozen=True)
class Installed:
    """What `install` did: `summary` describes the model written; `refused` says why nothing was written."""

    summary: InstalledSummary | None = None
    refused: str | None = None
    warnings: tuple[str, ...] = ()  # e.g. the current model could not be read, so it was not compared


def seed_cv_accuracy(model: Mapping[str, Any]) -> float | None:
    """The model's cross-validated accuracy on the seed data (on all its data if it has no seed source); the
    model may be the JSON object of any model file."""
    cv = model.get("meta", {}).get("cv", {})
    figure = cv.get("by_source", {}).get("seed", cv).get("accuracy")
    return float(figure) if isinstance(figure, int | float) else None


def refusal(new: Mapping[str, Any], current: Mapping[str, Any] | None) -> str | None:
    """Why `new` must not replace `current` (it scores worse on the seed data's cross-validation), or None."""
    if current is None or (old := seed_cv_accuracy(current)) is None:
        return None
    got = seed_cv_accuracy(new)
    if got is None or got < old:
        return (
            f"the retrained model scores worse on the seed data's cross-validation: accuracy {got} < {old} "
            f"(current model {current.get('version', '?')})"
        )
    return None


def train_from_files(
    *,
    data: Path | None = None,
    extra: Path | None = None,
    no_extra: bool = False,
    corrections: Path | None = None,
    scope: Path | None = None,
    no_scope: bool = False,
) -> TrainReport:
    """Train on the seed data (`data`, default the shipped seed), the extra examples' training split (`extra`,
    default the shipped ones; none with `no_extra`) and corrections; the 対象外 gate on the scope examples' training
    split (`scope`, default the shipped ones) against the extra examples (no gate with `no_scope`, or with `no_extra`
    unless `scope` is given: such a model never answers out_of_scope).  OSError or ValueError on bad files or data."""
    examples = read_examples(data or seed_data_path(), source="seed")
    if not no_extra:
        examples += read_examples(extra or extra_data_path(), source="extra", split="train")
    fixes = read_examples(corrections, source="correction") if corrections else []
    gate: list[ScopeExample] = []
    if not no_scope and (scope is not None or not no_extra):  # the extra examples are its in-scope side
        gate = read_scope_examples(scope or scope_data_path(), source="scope", split="train")
        if not no_extra:
            gate = [ScopeExample(e.text, None, "extra") for e in examples if e.source == "extra"] + gate
    return train(examples, fixes, scope=gate)


def _read_current(path: Path, warnings: list[str]) -> dict[str, Any] | None:
    if not path.exists():
        return None
    try:
        return read_model(path)
    except (OSError, ValueError) as exc:
        warnings.append(f"the current model {path} cannot be read ({exc}); it is not compared")
        return None


def install(
    report: TrainReport, output: Path | None = None, *, force: bool = False, shipped_seed: bool = True
) -> Installed:
    """Write `report.model` to `output` (default: the shipped model file) unless it scores worse than the model
    there (or, for a new output trained on the shipped seed data, the shipped model) and not `force`."""
    path = output or default_model_path()
    warnings: list[str] = []
    current = _read_current(path if path.exists() or not shipped_seed else default_model_path(), warnings)
    if (why := refusal(report.model, current)) is not None and not force:
        return Installed(refused=why, warnings=tuple(warnings))
    kept = None
    if path.exists() and current is not None and current.get("version") != report.model["version"]:
        kept = keep_copy(path, current.get("version") or "previous")
    save_model(report.model, path)
    summary: InstalledSummary = {
        **report.summary(),
        "model": str(path),
        "seed_cv_accuracy": seed_cv_accuracy(report.model),
        "previous": None
        if current is None
        else {
            "version": current.get("version"),
            "seed_cv_accuracy": seed_cv_accuracy(current),
            "kept_as": str(kept) if kept else None,
        },
        "forced": bool(why and force),
    }
    return Installed(summary=summary, warnings=tuple(warnings))
