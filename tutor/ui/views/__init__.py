"""Rich renderables drawn from snapshots only; nothing here touches the debugger."""
