-- Callback secrets are no longer copied into task rows (callbacks are signed with the config's current
-- secret when a task finishes): blank the copies older versions stored. The column stays, always ''.
UPDATE tasks SET callback_secret = '' WHERE callback_secret <> '';
