#include "tasks/batch_admission.hpp"

#include <map>
#include <optional>
#include <utility>

namespace tg::tasks {

StoreResult<std::vector<Enqueued>> admit_batch(const std::vector<EnqueueRequest>& requests,
                                               const QueueCounter& counter) {
  std::vector<Enqueued> answers;
  answers.reserve(requests.size());
  std::optional<int64_t> queued_in_all;
  std::map<std::pair<std::string, std::string>, int64_t> queued_of_app;
  // Admitted so far, in all and per app: added to a count read later in the batch.
  int64_t admitted = 0;
  std::map<std::pair<std::string, std::string>, int64_t> admitted_of_app;
  for (const EnqueueRequest& request : requests) {
    Enqueued out;
    const QueueLimits& limits = request.limits;
    const std::pair<std::string, std::string> key{request.spec.api, request.spec.app_id};
    if (limits.max_queued > 0) {
      if (!queued_in_all) {
        TG_TRY_ASSIGN(const int64_t counted, counter.all());
        queued_in_all = counted + admitted;
      }
      if (*queued_in_all >= limits.max_queued) {
        out.outcome = Enqueued::Outcome::kQueueFull;
        out.queued = *queued_in_all;
        answers.push_back(std::move(out));
        continue;
      }
    }
    auto app = queued_of_app.find(key);
    if (limits.max_queued_per_app > 0) {
      if (app == queued_of_app.end()) {
        TG_TRY_ASSIGN(const int64_t counted, counter.of_app(key.first, key.second));
        app = queued_of_app.emplace(key, counted + admitted_of_app[key]).first;
      }
      if (app->second >= limits.max_queued_per_app) {
        out.outcome = Enqueued::Outcome::kAppShareFull;
        out.queued = app->second;
        answers.push_back(std::move(out));
        continue;
      }
    }
    ++admitted;
    ++admitted_of_app[key];
    if (queued_in_all) ++*queued_in_all;
    if (app != queued_of_app.end()) ++app->second;
    answers.push_back(std::move(out));
  }
  return answers;
}

}  // namespace tg::tasks
