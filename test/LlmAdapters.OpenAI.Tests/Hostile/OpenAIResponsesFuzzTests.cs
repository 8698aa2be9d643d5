using System.Text;
using LlmAdapters.Fuzzing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.OpenAI.Tests;

/// <summary>Recorded-shape Responses API bodies (reasoning, cited text, function calls, a hosted tool), mutated by the
/// shared fuzz suite.</summary>
public sealed class OpenAIResponsesFuzzTests : ChatClientFuzzTests
{
    private const string Key = "sk-test-0123456789abcdef0123456789abcdef";

    private static readonly byte[] Whole = Encoding.UTF8.GetBytes("""
        {"id":"resp_1","object":"response","created_at":1757603567,"model":"gpt-5-mini-2025-08-07","status":"completed","error":null,"incomplete_details":null,"store":false,
         "output":[
          {"id":"rs_1","type":"reasoning","encrypted_content":"gAAAAABo-enc+/=","summary":[{"type":"summary_text","text":"**Plan** it."}]},
          {"id":"ws_1","type":"web_search_call","status":"completed","action":{"type":"search","query":"paris weather"}},
          {"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[
            {"type":"output_text","text":"Paris is sunny été.","annotations":[{"type":"url_citation","start_index":0,"end_index":15,"title":"Paris weather","url":"https://weather.example/paris"}],"logprobs":[]},
            {"type":"refusal","refusal":"No."}]},
          {"id":"fc_1","type":"function_call","status":"completed","call_id":"call_1","name":"get_weather","arguments":"{\"city\":\"Paris\"}"}],
         "usage":{"input_tokens":60,"input_tokens_details":{"cached_tokens":20},"output_tokens":40,"output_tokens_details":{"reasoning_tokens":16},"total_tokens":100}}
        """);

    private static readonly byte[] Stream = Encoding.UTF8.GetBytes(
        "event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":1757603567,\"model\":\"gpt-5-mini-2025-08-07\",\"status\":\"in_progress\",\"output\":[],\"usage\":null}}\n\n" +
        "event: response.output_item.added\ndata: {\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,\"item\":{\"id\":\"rs_1\",\"type\":\"reasoning\",\"summary\":[]}}\n\n" +
        "event: response.reasoning_summary_text.delta\ndata: {\"type\":\"response.reasoning_summary_text.delta\",\"sequence_number\":2,\"item_id\":\"rs_1\",\"output_index\":0,\"summary_index\":0,\"delta\":\"**Plan** it.\"}\n\n" +
        "event: response.output_item.done\ndata: {\"type\":\"response.output_item.done\",\"sequence_number\":3,\"output_index\":0,\"item\":{\"id\":\"rs_1\",\"type\":\"reasoning\",\"encrypted_content\":\"gAAAAABo-enc+/=\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"**Plan** it.\"}]}}\n\n" +
        "event: response.output_item.done\ndata: {\"type\":\"response.output_item.done\",\"sequence_number\":4,\"output_index\":1,\"item\":{\"id\":\"ws_1\",\"type\":\"web_search_call\",\"status\":\"completed\",\"action\":{\"type\":\"search\",\"query\":\"paris weather\"}}}\n\n" +
        "event: response.output_item.added\ndata: {\"type\":\"response.output_item.added\",\"sequence_number\":5,\"output_index\":2,\"item\":{\"id\":\"msg_1\",\"type\":\"message\",\"status\":\"in_progress\",\"content\":[],\"role\":\"assistant\"}}\n\n" +
        "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":6,\"item_id\":\"msg_1\",\"output_index\":2,\"content_index\":0,\"delta\":\"Paris is \",\"logprobs\":[]}\n\n" +
        "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":7,\"item_id\":\"msg_1\",\"output_index\":2,\"content_index\":0,\"delta\":\"sunny \\u00e9t\\u00e9.\",\"logprobs\":[]}\n\n" +
        "event: response.output_text.annotation.added\ndata: {\"type\":\"response.output_text.annotation.added\",\"sequence_number\":8,\"item_id\":\"msg_1\",\"output_index\":2,\"content_index\":0,\"annotation_index\":0,\"annotation\":{\"type\":\"url_citation\",\"end_index\":15,\"start_index\":0,\"title\":\"Paris weather\",\"url\":\"https://weather.example/paris\"}}\n\n" +
        "event: response.refusal.delta\ndata: {\"type\":\"response.refusal.delta\",\"sequence_number\":9,\"item_id\":\"msg_1\",\"output_index\":2,\"content_index\":1,\"delta\":\"No.\"}\n\n" +
        "event: response.output_item.added\ndata: {\"type\":\"response.output_item.added\",\"sequence_number\":10,\"output_index\":3,\"item\":{\"id\":\"fc_1\",\"type\":\"function_call\",\"status\":\"in_progress\",\"arguments\":\"\",\"call_id\":\"call_1\",\"name\":\"get_weather\"}}\n\n" +
        "event: response.function_call_arguments.delta\ndata: {\"type\":\"response.function_call_arguments.delta\",\"sequence_number\":11,\"item_id\":\"fc_1\",\"output_index\":3,\"delta\":\"{\\\"city\\\":\"}\n\n" +
        "event: response.function_call_arguments.delta\ndata: {\"type\":\"response.function_call_arguments.delta\",\"sequence_number\":12,\"item_id\":\"fc_1\",\"output_index\":3,\"delta\":\"\\\"Paris\\\"}\"}\n\n" +
        "event: response.output_item.done\ndata: {\"type\":\"response.output_item.done\",\"sequence_number\":13,\"output_index\":3,\"item\":{\"id\":\"fc_1\",\"type\":\"function_call\",\"status\":\"completed\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\",\"call_id\":\"call_1\",\"name\":\"get_weather\"}}\n\n" +
        "event: response.completed\ndata: {\"type\":\"response.completed\",\"sequence_number\":14,\"response\":{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":1757603567,\"model\":\"gpt-5-mini-2025-08-07\",\"status\":\"completed\",\"output\":[],\"usage\":{\"input_tokens\":60,\"input_tokens_details\":{\"cached_tokens\":20},\"output_tokens\":40,\"output_tokens_details\":{\"reasoning_tokens\":16},\"total_tokens\":100}}}\n\n");

    protected override string Provider => "openai-responses";

    protected override byte[] WholeBody => Whole;

    protected override byte[] StreamBody => Stream;

    protected override int WholeSeed => 31;

    protected override int StreamSeed => 32;

    protected override IChatClient CreateClient(Uri address) =>
        new OpenAIResponsesChatClient(new OpenAIOptions { Endpoint = new Uri(address, "v1/"), ApiKey = Key, DefaultModelId = "gpt-5-mini" });
}
