"""The step features; importing this package registers each one's fields in the lesson schema.

The order of the imports is the order the session calls them at each moment: after a step the
comparisons are drawn first, then the row split, then the plot.
"""
from tutor.play.features import compare  # noqa: F401
from tutor.play.features import rows  # noqa: F401
from tutor.play.features import plot  # noqa: F401
from tutor.play.features import cases  # noqa: F401
from tutor.play.features import predict  # noqa: F401
from tutor.play.features import exercise  # noqa: F401
from tutor.play.features import trace  # noqa: F401
from tutor.play.features import watch  # noqa: F401
from tutor.play.features import graph  # noqa: F401
from tutor.play.features import shapes  # noqa: F401
from tutor.play.features import mask  # noqa: F401
