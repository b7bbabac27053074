"""The rule catalogue (installed as `malkoll.rules`)."""
from malkoll.rules.base import DIMENSIONS, SEVERITIES, Hit, Rule, RuleMeta, all_rules, find_rule, load_catalogue

__all__ = ["DIMENSIONS", "SEVERITIES", "Hit", "Rule", "RuleMeta", "all_rules", "find_rule", "load_catalogue"]
