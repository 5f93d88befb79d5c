# Words before a signatories heading ("The full list of signatories").
the
our
current
full
complete
initial
first
updated
list\s+of(?:\s+the)?
liste\s+der
liste\s+des
lista\s+de(?:\s+los)?
elenco\s+dei
список
perwsze
# a count before the word ("2274 signataires", "1.200 Unterzeichnende")
\d[\d.,’' ]*
