/** question.html: a question to the municipality, by topic. */
import type { Payload } from "../forms";
import { getCatalogue } from "../catalogue";
import { $ } from "../dom";
import { addSenderFields, fillOptions, makeFilingForm, useProfileForFiling } from "../forms";
import { onLangChange } from "../i18n";
import { Catalogue } from "../types";

// -------------------------------------------------------- question page
export function initQuestion() {
  const form = $<HTMLFormElement>("question-form");
  const topicSel = $("topic");
  let catalogue: Catalogue|null = null;
  let catalogueFailed = false;

  const filing = makeFilingForm({
    form: form,
    endpoint: "/api/questions",
    meEndpoint: "/api/me/questions",
    fieldMap: { topic: "topic", description: "description", name: "name", email: "email" },
    inputOrder: ["topic", "description", "name", "email"],
    messageField: { "description": "question" },
    sumHeadingKey: "q.sum.heading",
    sumFailedKey: "q.sum.failed",
    catalogueErrorKey: "q.catalogue-error",
    buildPayload: function () {
      const payload: Payload = {};
      if (topicSel.value) payload.topic = topicSel.value;
      addSenderFields(payload);
      return payload;
    }
  });

  function renderTopics() {
    // Loading (or no catalogue): the placeholder alone.
    if (!catalogue) fillOptions(topicSel, [], catalogueFailed ? "f.topic.first" : "f.loading");
    else fillOptions(topicSel, catalogue.information_topics || [], "f.topic.first", topicSel.value);
  }

  (async function () {
    const got = await getCatalogue();
    if (got.catalogue && Array.isArray(got.catalogue.information_topics)) {
      catalogue = got.catalogue;
    } else {
      catalogueFailed = true;
      filing.catalogueFailure();
    }
    renderTopics();
  })();

  onLangChange(renderTopics);
  renderTopics();
  useProfileForFiling();
}
