// HeardText: language for customer feedback. Normalisation, tokens and sentences, sentiment,
// theme matching, phrase mining and PII redaction. Pure computation: no I/O, no SQL.
