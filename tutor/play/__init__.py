"""The player: importing it registers the step features, so every lesson it loads knows their fields."""
import tutor.play.features  # noqa: F401
