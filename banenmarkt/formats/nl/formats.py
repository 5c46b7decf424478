# "dinsdag 1 december 2026"; times as 10:00.
DATE_FORMAT = "l j F Y"
SHORT_DATE_FORMAT = "d-m-Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "l j F Y, H:i"
