// Background jobs of the service: the revocation check (connection_rights.cpp) and the expiry
// of idempotency records. Both run on the executor's threads off timers; the deletes go through
// the writer like every other write.

#include <spdlog/spdlog.h>

#include "application_impl.hpp"
#include "clock.hpp"
#include "persons/personal_data_feature.hpp"
#include "traffpunkt/store/idempotency_repository.hpp"
#include "traffpunkt/store/revocation_repository.hpp"

namespace traffpunkt::service {

namespace {

/** Re-arms `timer` every `period`, running `job` each time until the service stops. */
void every(boost::asio::steady_timer& timer, std::chrono::milliseconds period,
           const std::atomic<bool>& stopped, std::function<void()> job) {
    timer.expires_after(period);
    timer.async_wait([&timer, period, &stopped,
                      job = std::move(job)](const boost::system::error_code& ec) mutable {
        if (ec || stopped) {
            return;
        }
        try {
            job();
        } catch (const std::exception& e) {
            spdlog::warn("background job failed: {}", e.what());
        }
        every(timer, period, stopped, std::move(job));
    });
}

}  // namespace

void application::impl::start_background_jobs() {
    revocation_timer = std::make_unique<boost::asio::steady_timer>(executor);
    maintenance_timer = std::make_unique<boost::asio::steady_timer>(executor);
    every(*revocation_timer, std::chrono::milliseconds(settings.tokens.revocation_check_ms),
          stopped, [this] { check_revocations(); });
    every(*maintenance_timer, std::chrono::seconds(settings.idempotency.cleanup_interval_s),
          stopped, [this] { expire_idempotency_records(); });
    // Retention: a minute after the start (not in the way of start-up), then every interval.
    retention_timer = std::make_unique<boost::asio::steady_timer>(executor);
    retention_timer->expires_after(std::chrono::seconds(60));
    retention_timer->async_wait([this](const boost::system::error_code& ec) {
        if (ec || stopped) {
            return;
        }
        personal_data->run_retention(now(), [](const std::optional<boost::json::object>&) {});
        every(*retention_timer, std::chrono::seconds(settings.retention.interval_s), stopped,
              [this] {
                  personal_data->run_retention(now(),
                                               [](const std::optional<boost::json::object>&) {});
              });
    });
}

void application::impl::stop_background_jobs() {
    if (revocation_timer) {
        revocation_timer->cancel();
    }
    if (maintenance_timer) {
        maintenance_timer->cancel();
    }
    if (retention_timer) {
        retention_timer->cancel();
    }
}

void application::impl::expire_idempotency_records() {
    const auto now =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    const auto cutoff = now - std::chrono::seconds(settings.idempotency.retention_s);
    auto deleted = std::make_shared<int>(0);
    writer->submit(
        [cutoff, now, deleted](store::database& db) {
            *deleted = store::delete_idem_before(db, cutoff);
            // A day is far longer than any revocation check takes to read a row.
            store::prune_revocations_before(db, now - std::chrono::hours(24));
        },
        [this, deleted](std::exception_ptr failure) {
            if (failure) {
                spdlog::warn("expiring idempotency records failed; will retry");
                return;
            }
            if (*deleted > 0) {
                spdlog::info("expired {} idempotency record(s)", *deleted);
                // The deleted rows are overwritten in the database file (secure_delete); the
                // checkpoint takes the WAL frames that still hold them, too.
                writer->request_checkpoint();
            }
        });
}

}  // namespace traffpunkt::service
