using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmAdapters.Testing;
using LlmAdapters.Testing.Dialects.Anthropic;
using Microsoft.Extensions.AI;
using static LlmAdapters.Anthropic.Tests.AnthropicTestSupport;

namespace LlmAdapters.Anthropic.Tests;

/// <summary>HTTP doubles that drop or fail a stream part-way.</summary>
public sealed partial class AnthropicChatClientTests
{
    private sealed class DroppingHandler(int frames) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var text = System.Text.Encoding.UTF8.GetString(body);
            var cut = 0;
            for (var i = 0; i < frames; i++)
            {
                cut = text.IndexOf("\n\n", cut, StringComparison.Ordinal) + 2;
            }

            var content = new StreamContent(new FailingStream(body.AsMemory(0, System.Text.Encoding.UTF8.GetByteCount(text.AsSpan(0, cut))).ToArray()));
            foreach (var header in response.Content.Headers)
            {
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content = content;
            return response;
        }
    }

    private sealed class FailingStream(byte[] data) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(Span<byte> buffer)
        {
            if (buffer.IsEmpty)
            {
                return 0;
            }

            if (_position >= data.Length)
            {
                throw new IOException("Connection reset by peer.");
            }

            var n = Math.Min(buffer.Length, data.Length - _position);
            data.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
