"""The pages of the main window; each takes the AppState, never the window."""
