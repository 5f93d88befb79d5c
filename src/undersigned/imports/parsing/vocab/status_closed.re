# A status line that says signing has closed, one regular-expression alternative a line.
signing\s+(?:is\s+)?(?:now\s+)?closed
closed\s+for\s+(?:further\s+)?signat
no\s+(?:further|more)\s+signat
unterzeichnung\s+(?:ist\s+)?(?:beendet|geschlossen)
signatures\s+(?:are\s+)?closed
подписание\s+(?:закрыто|завершено)
підписання\s+(?:закрито|завершено)
