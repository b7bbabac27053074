"""The contract's vocabulary, defined once (DESIGN.md): dimensions, levels, grades, severities, goal
types and where a level came from, with the orders the code relies on. Everything else imports it."""
from __future__ import annotations

DIMENSIONS: tuple[str, ...] = ("measurable", "target_level", "time_bound", "owner", "no_vagueness",
                               "terms_defined", "single_goal")
# rule dimensions beyond the contract's seven: language, goal type and the cascade across levels
EXTRA_DIMENSIONS: tuple[str, ...] = ("style", "goal_type", "cascade")
LEVELS: tuple[str, ...] = ("vision", "overarching", "committee", "operational", "indicator_target", "financial")
# how far down the steering chain a level stands (financial goals stand beside the overarching ones)
LEVEL_RANK: dict[str, int] = {"vision": 0, "overarching": 1, "financial": 1, "committee": 2, "operational": 3,
                              "indicator_target": 4}
BROAD_LEVELS: tuple[str, ...] = ("vision", "overarching")  # may leave the measurement to their indicators
LEVEL_FROM: tuple[str, ...] = ("caller", "document", "inferred")
GRADES: tuple[str, ...] = ("good", "needs_work", "vague")
SEVERITIES: tuple[str, ...] = ("suggestion", "warning", "error")
SEVERITY_RANK: dict[str, int] = {s: i for i, s in enumerate(SEVERITIES)}
FAIL_ON: tuple[str, ...] = SEVERITIES + ("never",)
GOAL_TYPES: tuple[str, ...] = ("effect", "result", "activity")
