// GET /metrics: the Prometheus text exposition format (version 0.0.4), for the addresses in
// metrics.allow only. Counters end in _total, durations are seconds, sizes bytes; every family
// has HELP and TYPE (`promtool check metrics` runs over this page in the tests).

#include <boost/json.hpp>

#include "application_impl.hpp"
#include "histogram.hpp"
#include "http/http_response_util.hpp"
#include "mail/mailer.hpp"
#include "persons/personal_data_feature.hpp"
#include "process_stats.hpp"
#include "traffpunkt/store/database.hpp"

namespace traffpunkt::service {

namespace {

class exposition {
  public:
    void family(std::string_view name, std::string_view type, std::string_view help) {
        out_ += "# HELP " + std::string(name) + " " + std::string(help) + "\n";
        out_ += "# TYPE " + std::string(name) + " " + std::string(type) + "\n";
    }
    template <class T>
    void sample(std::string_view name, T value, std::string_view labels = {}) {
        out_ += std::string(name);
        if (!labels.empty()) {
            out_ += "{" + std::string(labels) + "}";
        }
        if constexpr (std::is_floating_point_v<T>) {
            out_ += " " + prometheus_number(value) + "\n";
        } else {
            out_ += " " + std::to_string(value) + "\n";
        }
    }
    template <class T>
    void single(std::string_view name, std::string_view type, std::string_view help, T value) {
        family(name, type, help);
        sample(name, value);
    }
    std::string& text() { return out_; }

  private:
    std::string out_;
};

}  // namespace

bool application::impl::metrics_allowed(std::string_view remote) const {
    return std::any_of(
        metrics_allow.begin(), metrics_allow.end(),
        [remote](const config::address_range& r) { return r.contains_remote(remote); });
}

http_response application::impl::http_metrics(const http_request& request) {
    if (!metrics_allowed(request.remote)) {
        auto res = text_response(403, "/metrics is served only to the addresses in metrics.allow");
        res.headers["cache-control"] = "no-store";
        return res;
    }
    exposition e;
    e.single("traffpunkt_connections", "gauge", "Open WebSocket connections.", connections.load());
    e.family("traffpunkt_connections_by_role", "gauge",
             "Open WebSocket connections by the role they authenticated as.");
    {
        std::map<std::string, std::size_t> roles{
            {"public", 0}, {"participant", 0}, {"coordinator", 0}, {"audience", 0}};
        for (const auto& c : open_connections.matching([](const principal&) { return true; })) {
            switch (c->principal_copy().who) {
                case principal::role::anonymous:
                    ++roles["public"];
                    break;
                case principal::role::participant:
                    ++roles["participant"];
                    break;
                case principal::role::coordinator:
                    ++roles["coordinator"];
                    break;
                case principal::role::audience:
                    ++roles["audience"];
                    break;
            }
        }
        for (const auto& [role, n] : roles) {
            e.sample("traffpunkt_connections_by_role", n, "role=\"" + role + "\"");
        }
    }
    e.single("traffpunkt_requests_total", "counter", "WebSocket requests received.",
             requests.load());
    e.single("traffpunkt_errors_total", "counter", "Requests answered with an error.",
             errors.load());
    e.family("traffpunkt_request_duration_seconds", "histogram",
             "Time from a request's arrival to its answer, per op (writes include their commit).");
    for (const auto& [op, h] : op_latency) {
        write_histogram(e.text(), "traffpunkt_request_duration_seconds", "op=\"" + op + "\"", *h);
    }
    e.single("traffpunkt_writes_total", "counter", "Writes committed by the writer.",
             writer->writes());
    e.single("traffpunkt_commits_total", "counter", "Transactions committed by the writer.",
             writer->commits());
    e.family("traffpunkt_commit_duration_seconds", "histogram",
             "Time of one group commit, BEGIN to the end of COMMIT (its fsync included).");
    write_histogram(e.text(), "traffpunkt_commit_duration_seconds", "", commit_duration);
    e.family("traffpunkt_commit_batch_size", "histogram", "Writes per committed transaction.");
    write_histogram(e.text(), "traffpunkt_commit_batch_size", "", commit_batch);
    e.single("traffpunkt_topics", "gauge", "Event topics in memory.", events.topic_count());
    e.single("traffpunkt_idle_topics", "gauge",
             "Topics without subscribers, kept for resuming clients (hub.max_idle_topics).",
             events.idle_topic_count());
    e.single("traffpunkt_idle_topic_history_bytes", "gauge",
             "Bytes of history of topics without subscribers (hub.max_idle_history_bytes).",
             events.idle_history_bytes());
    e.single("traffpunkt_idle_topics_evicted_total", "counter",
             "Idle topics dropped to stay within the idle limits.", events.evicted_topics());
    e.single("traffpunkt_superseded_events_total", "counter",
             "Queued events replaced by a newer one of the same kind for a slow client (tallies, "
             "counts, votes).",
             superseded_events.load());
    e.single("traffpunkt_slow_consumer_closes_total", "counter",
             "Connections closed with 1013 because their outgoing queue was full.",
             slow_consumer_closes.load());
    e.single("traffpunkt_retention_last_run_timestamp_seconds", "gauge",
             "When the retention job (needs, pseudonymisation, access log) last ran; 0: not "
             "since the start.",
             personal_data->last_retention_run());
    e.single("traffpunkt_wal_checkpoints_total", "counter",
             "WAL checkpoints that truncated the history of past commits.", writer->checkpoints());
    e.single("traffpunkt_mail_sent_total", "counter", "Mails the transport took.",
             mail_sender->sent());
    e.single("traffpunkt_mail_failed_total", "counter",
             "Mails given up on (refused for good, too many attempts, not renderable).",
             mail_sender->failed());
    e.single("traffpunkt_mail_retries_total", "counter",
             "Attempts that failed for now and will be retried.", mail_sender->retried());
    try {
        const auto depth = reads->with([](store::database& db) {
            auto& st =
                db.cached("SELECT COUNT(*) FROM mail_outbox WHERE status IN ('queued', 'sending')");
            st.step();
            const auto n = st.int64(0);
            st.reset();
            return n;
        });
        e.single("traffpunkt_mail_outbox_depth", "gauge", "Mails waiting to be sent.", depth);
    } catch (const std::exception&) {
        // The database is away: the page still answers, without the outbox.
    }
    if (const auto p = read_process_stats()) {
        e.single("process_cpu_seconds_total", "counter", "User and system CPU time spent.",
                 p->cpu_seconds);
        e.single("process_resident_memory_bytes", "gauge", "Resident memory size.",
                 p->resident_bytes);
        e.single("process_virtual_memory_bytes", "gauge", "Virtual memory size.", p->virtual_bytes);
        e.single("process_open_fds", "gauge", "Open file descriptors.", p->open_fds);
        e.single("process_max_fds", "gauge", "The limit of open file descriptors.", p->max_fds);
        e.single("process_start_time_seconds", "gauge",
                 "When the process started, in seconds since the Unix epoch.",
                 p->start_time_seconds);
    }
    http_response res;
    res.headers["content-type"] = "text/plain; version=0.0.4; charset=utf-8";
    res.headers["cache-control"] = "no-store";
    res.body = std::move(e.text());
    return res;
}

}  // namespace traffpunkt::service
