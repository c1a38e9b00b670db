"""«Обзор»: indicator cards, charts and the students behind a number."""
