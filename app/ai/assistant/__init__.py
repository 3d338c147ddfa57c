"""The assistant's service: tasks, the fixed read-only questions, prompts in the studio's language, briefings."""
