"""The student's record (карточка обучающегося): it gathers students, events and consultations, so it sits
above them."""
