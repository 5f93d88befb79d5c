# Words that tie a dated line to the list ("... signatures as of 5 May 2024").
sign
unterzeich
unterschr
firm
подпис
підпис
possible
möglich
posible
possibile
liste
list
lista
список
