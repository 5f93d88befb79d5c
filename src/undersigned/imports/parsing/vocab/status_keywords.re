# Words of a status line ("Status of the signatories 06.01.2025"), one regular-expression
# alternative a line; matched case-insensitively at a word start.
status
stand
state
as\s+of
as\s+at
updated?
last\s+update
aktualisiert
zuletzt
stand\s+der
état
etat
mis\s+à\s+jour
à\s+jour\s+au
au\s+\d
estado
actualizad
por\s+estado
situación
по\s+состоянию
состояние\s+на
обновлено
обновлён
станом\s+на
оновлено
stato
aggiornat
situazione
situação
atualizad
stan\s+na
durum
per\s+\d
現在
時点
截至
截止
기준
현재
itibarıyla
itibariyle
tarihi itibarıyla
aktualizacja
stan na
stan z dnia
ενημέρωση
حتى تاريخ
بتاريخ
تا تاریخ
date\s*:
datum\s*:
fecha\s*:
data\s*:
дата\s*:
