"""Rule families, one module per dimension (registered by `malkoll.rules.base.all_rules`)."""
FAMILIES = ("measurable", "target", "time", "owner", "vagueness", "terms", "single", "style", "cascade")
