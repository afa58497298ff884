"""Similar past consultations (類似の相談, 横展開): an in-process, offline similarity index over consultations'
text (standard library only, like bot.classifier, whose text preparation it shares).

  * concepts.py: the concept lexicon (ハンコ, 押印 and 判子 all mean "seal");
  * features.py: a text -> weighted keys (character bigrams, product names, concepts);
  * index.py: SimilarityIndex, BM25 over those keys, updated one entry at a time;
  * library.py: CaseLibrary, the index of a database's consultations, kept in step with it;
  * evaluate.py: the top-3 rate on the labelled pairs of bot/data/similar_pairs.jsonl.
"""
