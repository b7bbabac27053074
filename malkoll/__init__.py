"""Målkoll: checks Swedish goal texts ("mål") before they cascade through the steering chain."""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("malkoll")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.1.0"

from malkoll.engine import analyze, analyze_many, iter_analyze  # noqa: E402
from malkoll.report import GoalInput, GoalReport, Report  # noqa: E402

__all__ = ["analyze", "analyze_many", "iter_analyze", "GoalInput", "GoalReport", "Report", "__version__"]
