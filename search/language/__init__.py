"""Words, above ``document``: the one analyzer (normalisation, jieba, English stemming),
stop words, the English–Chinese glossary, the thesaurus, the index's lexicon with its
pinyin, the report's vocabulary and the English edition as data. No Django."""
