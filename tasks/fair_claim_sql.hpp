#pragma once
// The statements behind fair claiming (SqliteTaskStore::claim), kept in one place so that tests can show
// the query plans use the indexes of schemas/sql/0002_fair_queue.sql. Plain SQL that PostgreSQL accepts
// too (with $n for ?n placeholders; it adds FOR UPDATE SKIP LOCKED to the task pick). Status literals
// come from kTaskStatusNames.

#include <string>

#include "tasks/task_status.hpp"

namespace tg::tasks::fair_claim_sql {

/// The (api, app_id) served least recently among those with a queued task that may be taken (?1: 1 when
/// tasks with an http(s) input may be, 0 when only local ones).
inline const std::string kNextApp =
    "SELECT a.api, a.app_id FROM app_turns a "
    "WHERE EXISTS (SELECT 1 FROM tasks t WHERE t.status = " + sql_literal(TaskStatus::kQueued) +
    " AND t.api = a.api AND t.app_id = a.app_id "
    "AND (?1 = 1 OR NOT (t.input LIKE 'http://%' OR t.input LIKE 'https://%'))) "
    "ORDER BY a.last_turn, a.first_queued_ms, a.api, a.app_id LIMIT 1";

/// The oldest queued task of app (?1 api, ?2 app_id) that may be taken (?6 as ?1 of kNextApp).
inline const std::string kOldestOfApp =
    "SELECT id FROM tasks WHERE status = " + sql_literal(TaskStatus::kQueued) + " AND api = ?1 AND app_id = ?2 "
    "AND (?6 = 1 OR NOT (input LIKE 'http://%' OR input LIKE 'https://%')) ORDER BY created_ms, id LIMIT 1";

/// The oldest queued task of any app that may be taken (only for rows without an app_turns entry).
inline const std::string kOldestOfAll =
    "SELECT id FROM tasks WHERE status = " + sql_literal(TaskStatus::kQueued) +
    " AND (?6 = 1 OR NOT (input LIKE 'http://%' OR input LIKE 'https://%')) ORDER BY created_ms, id LIMIT 1";

/// Records app (?1 api, ?2 app_id), first queuing at ?3 ms and never served, unless known.
inline const std::string kEnsureTurn =
    "INSERT INTO app_turns (api, app_id, last_turn, first_queued_ms) VALUES (?1, ?2, 0, ?3) "
    "ON CONFLICT (api, app_id) DO NOTHING";

/// Moves app (?1 api, ?2 app_id) behind every other: it was just served.
inline const std::string kTakeTurn =
    "UPDATE app_turns SET last_turn = (SELECT COALESCE(MAX(last_turn), 0) + 1 FROM app_turns) "
    "WHERE api = ?1 AND app_id = ?2";

}  // namespace tg::tasks::fair_claim_sql
