"""The only layer that speaks SQL: engine, models, repositories, migrations."""
