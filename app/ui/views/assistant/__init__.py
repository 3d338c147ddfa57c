"""The Assistant screen: ask the studio's local model for drafts and answers; they stream in and can be stopped."""
