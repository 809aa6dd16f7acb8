"""`watch EXPR`: every watched expression shown at each stop, with the cells written since the last one."""
from __future__ import annotations

from tutor.play.feature import Feature, register


class Watching(Feature):
    """Draws the watch view after each new stop, and at once when a new expression is watched."""

    name = "watch"

    def at_stop(self, stage, moved: bool) -> None:
        memo = stage.run.memo.setdefault(self.name, {"shown": [], "watcher": None})
        watching = list(stage.debugger.watching)
        if not moved and watching == memo["shown"]:
            return
        memo["shown"] = watching
        if not watching:
            return
        from tutor.model.watch import Watcher
        from tutor.ui.views.watch import WatchView  # rich.table: not needed before anything is watched

        watcher = memo["watcher"] = memo["watcher"] or Watcher()
        stage.screen.show(WatchView([watcher.look(e, stage.evaluate) for e in watching], stage.words))


register(Watching())
