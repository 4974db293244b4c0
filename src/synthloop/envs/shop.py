"""A shop: products with prices and stock, and orders that take stock away.

Order ids come from a counter, so two orders of a parallel step placed either way round get
each other's ids: goals compare the orders as a multiset (:func:`canonical`).
"""

from __future__ import annotations

import random
from typing import Annotated, Any

from pydantic import Field

from synthloop.envs.base import Call, State, Task, ToolError, unordered

CATALOGUE = (("Desk lamp", "home", 24), ("Kettle", "home", 35), ("Throw pillow", "home", 18),
             ("Running shoes", "sport", 89), ("Yoga mat", "sport", 29),
             ("Water bottle", "sport", 12), ("Notebook", "office", 6), ("Stapler", "office", 11),
             ("Desk chair", "office", 149))
Sku = Annotated[str, Field(description="A product id such as SKU-1")]
Quantity = Annotated[int, Field(ge=1, description="How many units")]


def initial_state(seed: int) -> State:
    rng = random.Random(seed)
    products = {f"SKU-{i + 1}": {"name": name, "category": cat, "price": price,
                                 "stock": rng.randrange(0, 12)}
                for i, (name, cat, price) in enumerate(CATALOGUE)}
    return {"products": products, "orders": {}, "next_order": 1}


def canonical(state: State) -> State:
    return {**state, "orders": unordered(state["orders"].values())}


def _product(state: State, sku: str) -> dict[str, Any]:
    try:
        product: dict[str, Any] = state["products"][sku]
    except KeyError:
        raise ToolError(f"no product {sku}") from None
    return product


def search_products(state: State, category: Annotated[str, Field(
        description="home, sport or office")]) -> list[dict[str, Any]]:
    """List the products of a category with their price and stock."""
    return [{"sku": k, **v} for k, v in state["products"].items() if v["category"] == category]


def get_product(state: State, sku: Sku) -> dict[str, Any]:
    """Get one product's name, price and stock."""
    return {"sku": sku, **_product(state, sku)}


def place_order(state: State, sku: Sku, quantity: Quantity) -> dict[str, Any]:
    """Order units of a product; refused when the stock is too low."""
    product = _product(state, sku)
    if product["stock"] < quantity:
        raise ToolError(f"only {product['stock']} of {sku} in stock")
    product["stock"] -= quantity
    order_id = f"ORD-{state['next_order']}"
    state["next_order"] += 1
    state["orders"][order_id] = {"sku": sku, "quantity": quantity,
                                 "total": product["price"] * quantity}
    return {"order_id": order_id, **state["orders"][order_id]}


def cancel_order(state: State, order_id: Annotated[str, Field(
        description="An order id such as ORD-1")]) -> dict[str, str]:
    """Cancel an order and put its units back in stock."""
    try:
        order = state["orders"].pop(order_id)
    except KeyError:
        raise ToolError(f"no order {order_id}") from None
    state["products"][order["sku"]]["stock"] += order["quantity"]
    return {"cancelled": order_id}


def restock(state: State, sku: Sku, quantity: Quantity) -> dict[str, Any]:
    """Add units of a product to the stock."""
    product = _product(state, sku)
    product["stock"] += quantity
    return {"sku": sku, "stock": product["stock"]}


TOOLS = [search_products, get_product, place_order, cancel_order, restock]


def make_task(state: State, rng: random.Random, category: str) -> Task | None:
    products = state["products"]
    in_stock = sorted(k for k, v in products.items() if v["stock"] >= 2)
    sku, other = rng.sample(in_stock, 2) if len(in_stock) >= 2 else rng.sample(sorted(products), 2)
    name = products[sku]["name"]
    qty = 2 if products[sku]["stock"] >= 2 else 1
    if category == "single":
        return rng.choice([
            Task(f"Restock {sku} with 5 units.", category,
                 [[Call("restock", {"sku": sku, "quantity": 5})]]),
            Task(f"How many units of {sku} are in stock?", category,
                 [[Call("get_product", {"sku": sku})]], answer=[products[sku]["stock"]]),
        ])
    if category == "parallel":
        return rng.choice([
            Task(f"What do {sku} and {other} cost?", category,
                 [[Call("get_product", {"sku": sku}), Call("get_product", {"sku": other})]],
                 answer=[products[sku]["price"], products[other]["price"]]),
            Task(f"Restock {sku} with 3 units and {other} with 4 units.", category,
                 [[Call("restock", {"sku": sku, "quantity": 3}),
                   Call("restock", {"sku": other, "quantity": 4})]]),
        ])
    if category == "multi_step":
        cat = products[sku]["category"]
        cheapest = min((k for k, v in products.items() if v["category"] == cat),
                       key=lambda k: products[k]["price"])
        stock = products[cheapest]["stock"]
        steps = [[Call("search_products", {"category": cat})]]
        if stock < 1:  # the cheapest is sold out: restock it first
            steps.append([Call("restock", {"sku": cheapest, "quantity": 5})])
        steps.append([Call("place_order", {"sku": cheapest, "quantity": 1})])
        return rng.choice([
            Task(f"Order one unit of the cheapest product in the {cat} category"
                 + (", restocking it with 5 units first if it is sold out." if stock < 1
                    else "."), category, steps),
            Task(f"Order {qty} units of {name} ({sku}), then restock {sku} with {qty} units.",
                 category, [[Call("place_order", {"sku": sku, "quantity": qty})],
                            [Call("restock", {"sku": sku, "quantity": qty})]]),
        ])
    return None
