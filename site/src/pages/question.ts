/** question.html: a question to the municipality, by topic. */
import type { Payload } from "../forms";
import { getCatalogue } from "../catalogue";
import { $, clear, el } from "../dom";
import { addSenderFields, fillOptions, makeFilingForm, useProfileForFiling } from "../forms";
import { onLangChange, t } from "../i18n";
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
    fieldMap: {
      "topic": ["topic", "topic-error"],
      "description": ["description", "description-error"],
      "name": ["name", "name-error"],
      "email": ["email", "email-error"]
    },
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
    if (!catalogue) {
      clear(topicSel);
      const o = el("option", null, t(catalogueFailed ? "f.topic.first" : "f.loading"));
      o.value = "";
      topicSel.appendChild(o);
      return;
    }
    fillOptions(topicSel, catalogue.information_topics || [], "f.topic.first", topicSel.value);
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
