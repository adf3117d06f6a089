-- A served app's new last_turn (fair claiming, 0001_init.sql): greater than every one given before, taken
-- without reading the other apps' turns, so that claims of different apps at once each get their own.
CREATE SEQUENCE app_turns_served;
SELECT setval('app_turns_served', GREATEST((SELECT MAX(last_turn) FROM app_turns), 1));
