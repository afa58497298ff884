"""The consultation classifier: BPR (業務改善) vs app work (アプリ・自動化), and whether a text is a DX consultation
at all (対象外, the third outcome), offline, standard library only.

It returns `bot.domain.classification.Classification` values; the rest of the bot knows only that type and the
`ClassifyFn` / `Classifier` shapes of the domain.  Nothing here prints: `bot/cli_classifier.py` formats the results
of `consult classify`, `consult train` and `consult eval`.

Where things are (read top to bottom for the life of a text):

  features.py   text normalisation and the sparse feature keys of a text
  predict.py    `Classifier`: a model dict -> label, calibrated confidence, 要確認, reasons, sub-tags
  reasons.py    the phrases of the text that drove the decision, from the model's weights
  tags.py       sub-tags: training (nearest centroid, cross-validated thresholds) and prediction
  scope.py      the scope gate (対象外 and its topic): training and prediction
  model.py      the model file format: canonical JSON, version hash, default threshold
  examples.py   `Example`, a labelled text, and how a JSON object becomes one
  fit.py        numerical core: logistic regression in the span of the data, Platt scaling, folds
  train.py      training: model selection by cross-validation, calibration, sub-tags, figures
  metrics.py    evaluation figures: accuracy, macro-F1, precision/recall, abstention, confusion
  evaluate.py   a classifier on labelled examples (`consult eval`), nested cross-validation
  retrain.py    retraining a model file (`consult train`): refuse a worse model, keep the one replaced
  data.py       file I/O: the shipped data and model files, reading examples, writing a model atomically
  watch.py      hot reload: `ModelWatcher` swaps in a model file that changed
"""
