"""What each command and card verb does; each module has register(router)."""
