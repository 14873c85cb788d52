// The official OpenAI client's completions calls against a vecrnn server, unchanged:
// node openai-client.mjs BASE_URL MODEL  ->  one JSON line with what the client returned.
import OpenAI from "openai";

const [baseURL, model] = process.argv.slice(2);
const client = new OpenAI({ baseURL: baseURL + "/v1", apiKey: "not-needed" });

const models = await client.models.list();
const whole = await client.completions.create({ model, prompt: "The quick", max_tokens: 12, seed: 7, temperature: 0.8, top_p: 0.95 });
const stream = await client.completions.create({ model, prompt: "The quick", max_tokens: 12, seed: 7, temperature: 0.8,
  top_p: 0.95, stream: true });
let streamed = "";
let chunks = 0;
let finish = null;
for await (const chunk of stream) {
  chunks++;
  streamed += chunk.choices[0].text;
  finish = chunk.choices[0].finish_reason ?? finish;
}
let error = null;
try {
  await client.completions.create({ model, prompt: "The quick", max_tokens: 12, temperature: 7 });
} catch (e) {
  error = { status: e.status, param: e.param, type: e.type, name: e.constructor.name };
}
console.log(JSON.stringify({
  models: models.data.map((m) => m.id),
  text: whole.choices[0].text,
  finish: whole.choices[0].finish_reason,
  usage: whole.usage,
  streamed, chunks, streamFinish: finish, error,
}));
