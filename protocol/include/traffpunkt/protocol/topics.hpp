#pragma once

// Topic names (PROTOCOL.md "Topics"): KIND:ID with a positive decimal id. Every place that
// publishes or checks a topic builds its name here, so a kind is spelled once.

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace traffpunkt::protocol::topics {

/** Every kind a client may subscribe to. */
inline constexpr std::array<std::string_view, 10> kinds{
    "network",     "staff",     "meeting",         "person",    "polls",
    "polls-staff", "documents", "documents-staff", "questions", "questions-staff"};

inline bool is_kind(std::string_view kind) {
    return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

/** The KIND of a KIND:ID topic name (the whole name when it has no ':'). */
inline std::string_view kind_of(std::string_view topic) {
    return topic.substr(0, topic.find(':'));
}

/** KIND:ID. */
inline std::string name(std::string_view kind, std::int64_t id) {
    std::string topic(kind);
    topic += ':';
    topic += std::to_string(id);
    return topic;
}

/** A network's public events (meetings published in it). */
inline std::string network(std::int64_t network_id) {
    return name("network", network_id);
}
/** A network's staff events (drafts, registrations, mail). */
inline std::string staff(std::int64_t network_id) {
    return name("staff", network_id);
}
inline std::string meeting(std::int64_t meeting_id) {
    return name("meeting", meeting_id);
}
inline std::string person(std::int64_t person_id) {
    return name("person", person_id);
}
inline std::string polls(std::int64_t meeting_id) {
    return name("polls", meeting_id);
}
inline std::string polls_staff(std::int64_t meeting_id) {
    return name("polls-staff", meeting_id);
}
inline std::string documents(std::int64_t meeting_id) {
    return name("documents", meeting_id);
}
inline std::string documents_staff(std::int64_t meeting_id) {
    return name("documents-staff", meeting_id);
}
inline std::string questions(std::int64_t meeting_id) {
    return name("questions", meeting_id);
}
inline std::string questions_staff(std::int64_t meeting_id) {
    return name("questions-staff", meeting_id);
}

}  // namespace traffpunkt::protocol::topics
