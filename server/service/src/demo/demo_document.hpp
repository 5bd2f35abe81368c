#pragma once

// The demo data's documents (demo_data.cpp, demo_documents.cpp).

#include <string_view>

#include "documents/blob_writer.hpp"

namespace traffpunkt::store {
class database;
}

namespace traffpunkt::service {

/**
 * The bytes of server/service/demo/tjansteskrivelse-skdn-2022-0104.txt: Södermöre
 * kommundelsnämnd's decision paper on joining SKR's network for medborgarbudget (compiled in by
 * CMake).
 */
std::string_view demo_decision_paper();

/**
 * Attaches the decision paper (stored as `paper`) to the demo network's first meeting, the
 * kickoff, as its first document: public, uploaded by the meeting's first facilitator. Runs in
 * the demo data's transaction, after the meetings were inserted.
 */
void insert_demo_documents(store::database& db, const stored_blob& paper);

}  // namespace traffpunkt::service
