"""The classifier's commands, `consult classify`, `consult train` and `consult eval`: bot.cli parses the arguments,
the `bot.classifier` package does the work and returns data, and this module prints it.

`consult classify` exits 2 when the text is empty or only whitespace (there is nothing to classify) or the model
cannot be loaded.  `consult train` exits 1 when the retrained model is refused (it scores worse on the seed data's
cross-validation than the model it would replace; see bot.classifier.retrain) and 2 on unreadable files or data.
"""

import json
import sys
from pathlib import Path
from typing import TextIO

from bot.classifier.evaluate import Evaluation, evaluate_file
from bot.classifier.metrics import ACCURACY_NOTE, LabelFigures, Reliability
from bot.classifier.predict import Classifier
from bot.classifier.retrain import install, train_from_files
from bot.domain.scope import OUT_OF_SCOPE


def classify_command(
    text: str,
    *,
    model: Path | None = None,
    threshold: float = 0.65,
    explain: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    if not text.strip():
        print(
            "error: the text is empty: nothing to classify (give the text as an argument, or - to read it from "
            "standard input)",
            file=err,
        )
        return 2
    try:
        classifier = Classifier.load(model, threshold=threshold)
    except (OSError, ValueError) as e:
        print(f"error: {e}", file=err)
        return 2
    result = classifier.classify(text)
    shown: dict[str, object] = {"label": str(result.label), "confidence": round(result.confidence, 4)}
    if result.out_of_scope is not None:  # not a DX consultation: the label says so, with the gate's probability
        shown = {"label": OUT_OF_SCOPE, "confidence": round(result.out_of_scope.probability, 4)}
        shown |= {"topic": str(result.out_of_scope.topic), "in_scope_label": str(result.label)}
    if explain:
        shown |= {"needs_triage": result.needs_triage, "reasons": list(result.reasons), "tags": list(result.tags)}
        shown |= {"threshold": classifier.threshold, "model_version": classifier.version}
    print(json.dumps(shown, ensure_ascii=False), file=out)
    return 0


def train_command(
    *,
    data: Path | None = None,
    extra: Path | None = None,
    no_extra: bool = False,
    corrections: Path | None = None,
    output: Path | None = None,
    force: bool = False,
    scope: Path | None = None,
    no_scope: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    try:
        report = train_from_files(
            data=data, extra=extra, no_extra=no_extra, corrections=corrections, scope=scope, no_scope=no_scope
        )
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=err)
        return 2
    installed = install(report, output, force=force, shipped_seed=not data)
    for warning in installed.warnings:
        print(f"warning: {warning}", file=err)
    if installed.refused is not None:
        print(f"refused: {installed.refused}. Nothing was written; use --force to write it anyway.", file=err)
        return 1
    print(json.dumps(installed.summary, ensure_ascii=False, indent=2), file=out)
    return 0


def eval_command(
    file: Path,
    *,
    model: Path | None = None,
    threshold: float = 0.65,
    group_by: list[str] | None = None,
    as_json: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    try:
        result = evaluate_file(file, model=model, threshold=threshold, group_by=group_by)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=err)
        return 2
    if as_json:
        print(json.dumps(result, ensure_ascii=False, indent=2), file=out)
    else:
        print(format_report(result), end="", file=out)
    return 0


def _block(f: LabelFigures, indent: str) -> list[str]:
    w = max(6, *(len(label) + 1 for label in f["confusion"]))  # out_of_scope is wider than bpr / app
    confident = "-" if f["accuracy_confident"] is None else f"{f['accuracy_confident']:.4f}"
    lines = [
        f"{indent}n={f['n']}  accuracy {f['accuracy']:.4f}  macro-F1 {f['macro_f1']:.4f}  "
        f"abstained {f['abstain_rate']:.1%} ({f['n_abstained']})  accuracy when not abstained {confident}",
        f"{indent}{'label':<{w}}{'precision':>10}{'recall':>8}{'f1':>8}{'support':>9}",
    ]
    for label, x in f["labels"].items():
        lines.append(f"{indent}{label:<{w}}{x['precision']:>10.4f}{x['recall']:>8.4f}{x['f1']:>8.4f}{x['support']:>9}")
    lines.append(f"{indent}confusion (rows: true label, columns: predicted)")
    lines.append(f"{indent}{'':<{w}}" + "".join(f"{p:>{w}}" for p in f["confusion"]))
    for t, row in f["confusion"].items():
        lines.append(f"{indent}{t:<{w}}" + "".join(f"{row[p]:>{w}}" for p in f["confusion"]))
    return lines


def format_reliability(table: Reliability, indent: str = "") -> list[str]:
    """A reliability table (bot.classifier.metrics.reliability) as text: one line per confidence bin, then ECE."""

    def figure(x: float | None) -> str:
        return "-" if x is None else f"{x:.3f}"

    lines = [f"{indent}{'confidence':<13}{'n':>6}{'mean conf.':>12}{'accuracy':>10}"]
    for b in table["bins"]:
        span = f"{b['low']:.2f}-{b['high']:.2f}"
        lines.append(f"{indent}{span:<13}{b['n']:>6}{figure(b['mean_confidence']):>12}{figure(b['accuracy']):>10}")
    lines.append(f"{indent}ECE {table['ece']:.4f} (expected calibration error: Σ n/N·|accuracy − mean confidence|)")
    return lines


def format_report(result: Evaluation) -> str:
    """The text form of `consult eval`: the figures of `bot.classifier.evaluate.evaluate`, the reliability table,
    then per group."""
    model = result.get("model", {})
    lines = [f"model {model.get('version', '?')}  threshold {model.get('threshold', '?')}", f"({ACCURACY_NOTE})"]
    lines += _block(result, "")
    if "reliability" in result:
        lines += ["calibration (items by confidence)", *format_reliability(result["reliability"])]
    for field, values in result.get("by_group", {}).items():
        for value, figures in values.items():
            lines += ["", f"{field} = {value}", *_block(figures, "  ")]
    return "\n".join(lines) + "\n"
