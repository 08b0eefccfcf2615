// Müşteri skoru: score input
return new { id = ctx.Instance.Key };
