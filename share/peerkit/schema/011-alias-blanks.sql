-- peerkit store, schema version 11: the blanks around an alias are no
-- part of it.
--
-- "Moss " (a space typed after it, or left by a spreadsheet) was a
-- second peer beside "Moss", and a reference "Moss " named neither: the
-- fold (lib/utf8.c, pk_utf8_fold) kept the blanks around an alias.  It
-- drops them now, and a new or changed alias is kept without them, so
-- "Moss " is refused beside "Moss" as any alias alike is.  The folds on
-- record lose their blanks here.  Two peers whose aliases now fold
-- alike stay as they are, as in version 6: a reference that is one of
-- them exactly still names that peer.
UPDATE peers SET alias_fold = trim(alias_fold, char(32, 9, 10, 11, 12, 13))
    WHERE alias_fold <> trim(alias_fold, char(32, 9, 10, 11, 12, 13));
